package io.commander.renderer.sprig;

import static io.commander.renderer.gotemplate.GoType.STRING;

/**
 * Go's {@code path} functions as sprig exposes them ({@code base}, {@code dir}, {@code clean},
 * {@code ext}, {@code isAbs}) and their {@code path/filepath} twins ({@code osBase}...), which on
 * Linux behave the same.
 */
final class PathFunctions {

  private PathFunctions() {
  }

  static void register(final FunctionTable t) {
    t.fixed("base", a -> base(str(a[0])), STRING)
        .fixed("dir", a -> dir(str(a[0])), STRING)
        .fixed("clean", a -> clean(str(a[0])), STRING)
        .fixed("ext", a -> ext(str(a[0])), STRING)
        .fixed("isAbs", a -> str(a[0]).startsWith("/"), STRING)
        .alias("osBase", "base")
        .alias("osDir", "dir")
        .alias("osClean", "clean")
        .alias("osExt", "ext")
        .alias("osIsAbs", "isAbs");
  }

  private static String str(final Object v) {
    return StringFunctions.str(v);
  }

  /** {@code path.Clean}: lexical processing of ".", ".." and repeated slashes. */
  static String clean(final String path) {
    if (path.isEmpty()) {
      return ".";
    }
    final boolean rooted = path.charAt(0) == '/';
    final int n = path.length();
    final StringBuilder out = new StringBuilder(n);
    int r = 0;
    int dotdot = 0;
    if (rooted) {
      out.append('/');
      r = 1;
      dotdot = 1;
    }
    while (r < n) {
      if (path.charAt(r) == '/') {
        r++;
      } else if (path.charAt(r) == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
        r++;
      } else if (path.charAt(r) == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
        r += 2;
        if (out.length() > dotdot) {
          int w = out.length() - 1;
          while (w > dotdot && out.charAt(w) != '/') {
            w--;
          }
          out.setLength(w);
        } else if (!rooted) {
          if (out.length() > 0) {
            out.append('/');
          }
          out.append("..");
          dotdot = out.length();
        }
      } else {
        if (rooted && out.length() != 1 || !rooted && out.length() != 0) {
          out.append('/');
        }
        while (r < n && path.charAt(r) != '/') {
          out.append(path.charAt(r));
          r++;
        }
      }
    }
    return out.length() == 0 ? "." : out.toString();
  }

  /** {@code path.Base}. */
  static String base(final String path) {
    if (path.isEmpty()) {
      return ".";
    }
    String p = path;
    while (p.length() > 0 && p.charAt(p.length() - 1) == '/') {
      p = p.substring(0, p.length() - 1);
    }
    final int i = p.lastIndexOf('/');
    if (i >= 0) {
      p = p.substring(i + 1);
    }
    return p.isEmpty() ? "/" : p;
  }

  /** {@code path.Dir}. */
  static String dir(final String path) {
    final int i = path.lastIndexOf('/');
    return clean(path.substring(0, i + 1));
  }

  /** {@code path.Ext}. */
  static String ext(final String path) {
    for (int i = path.length() - 1; i >= 0 && path.charAt(i) != '/'; i--) {
      if (path.charAt(i) == '.') {
        return path.substring(i);
      }
    }
    return "";
  }
}
