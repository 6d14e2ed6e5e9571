package io.commander.testing;

import java.util.List;

/**
 * Templates written to take a renderer down, each with what must stop it: the limit named in a
 * {@code render_limit_exceeded} problem, or Go's own words where Go refuses it itself. The same
 * list is tried on the renderer, the command line and every API that renders.
 */
public final class HostileTemplates {

  /** One hostile template and the text its failure must contain. */
  public record Hostile(String name, String template, String expected) {

    /** Whether it ends with a limit (rather than with one of Go's own errors). */
    public boolean limit() {
      return expected.startsWith("renderer.");
    }
  }

  /** A "billion laughs" document: a 9-way alias tree 8 levels deep, 43 million leaves. */
  public static final String BILLION_LAUGHS;

  static {
    final StringBuilder doc = new StringBuilder("a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\\n");
    for (char c = 'b'; c <= 'i'; c++) {
      final String prev = "*" + (char) (c - 1);
      doc.append(c).append(": &").append(c).append(" [").append(String.join(",", java.util.Collections.nCopies(9, prev)))
          .append("]\\n");
    }
    BILLION_LAUGHS = doc.toString();
  }

  public static final List<Hostile> ALL = List.of(
      new Hostile("billion laughs", "{{ fromYaml \"" + BILLION_LAUGHS + "\" | toJson }}",
          "document contains excessive aliasing"),
      new Hostile("range over a huge until", "{{ range until 50000000 }}xxxxxxxxxx{{ end }}", "renderer.max-value"),
      new Hostile("a 2 GB repeat", "{{ repeat 2000000000 \"x\" | len }}", "renderer.max-value"),
      new Hostile("output without end", "{{ range until 1000000 }}{{ range until 1000 }}xxxxxxxxxx{{ end }}{{ end }}",
          "renderer.max-output"),
      new Hostile("a loop that prints nothing",
          "{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}", "renderer.max-steps"),
      new Hostile("a string doubled in a loop", "{{ $s := \"x\" }}{{ range until 64 }}{{ $s = print $s $s }}{{ end }}",
          "renderer.max-value"),
      new Hostile("a list holding itself twice, 60 deep",
          "{{ $l := list 1 }}{{ range until 60 }}{{ $l = list $l $l }}{{ end }}{{ toJson $l }}", "renderer.max-steps"),
      new Hostile("a backtracking regular expression",
          "{{ regexMatch \"(.*a){12}$\" (print (repeat 40 \"a\") \"b\") }}", "renderer.max-steps"),
      new Hostile("indent by a billion", "{{ indent 1000000000 \"x\" }}", "renderer.max-value"),
      new Hostile("define recursing without end", "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}",
          "exceeded maximum template depth (100000)"));

  private HostileTemplates() {
  }
}
