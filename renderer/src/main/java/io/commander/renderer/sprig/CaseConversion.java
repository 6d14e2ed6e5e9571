package io.commander.renderer.sprig;

/**
 * {@code huandu/xstrings}' {@code ToCamelCase}, {@code ToSnakeCase} and {@code ToKebabCase} (v1.3.3),
 * rune for rune: sprig's {@code camelcase}, {@code snakecase} and {@code kebabcase}.
 */
final class CaseConversion {

  /** What Go decodes from invalid UTF-8, and what xstrings skips (a literal U+FFFD included). */
  private static final int RUNE_ERROR = 0xFFFD;

  private enum WordType { INVALID, NUMBER, UPPER_CASE, ALPHABET, CONNECTOR, PUNCT, OTHER }

  /** A word: its type and the code point range {@code [start, end)}. */
  private record Word(WordType type, int start, int end) {
  }

  private final int[] runes;

  private CaseConversion(final String s) {
    this.runes = s.codePoints().toArray();
  }

  /** {@code xstrings.ToCamelCase}. */
  static String camel(final String s) {
    if (s.isEmpty()) {
      return "";
    }
    final int[] r = s.codePoints().toArray();
    final StringBuilder buf = new StringBuilder(s.length());
    int i = 0;
    int r0 = 0;
    int size = 0;
    // A leading connector appears in the output.
    while (i < r.length) {
      r0 = r[i];
      size = 1;
      i++;
      if (!isConnector(r0)) {
        r0 = GoText.toUpper(r0);
        break;
      }
      buf.appendCodePoint(r0);
    }
    if (i >= r.length) {
      if (size != 0) {
        buf.appendCodePoint(r0);
      }
      return buf.toString();
    }
    while (i < r.length) {
      final int r1 = r0;
      r0 = r[i];
      i++;
      if (isConnector(r0) && isConnector(r1)) {
        buf.appendCodePoint(r1);
        continue;
      }
      if (isConnector(r1)) {
        r0 = GoText.toUpper(r0);
      } else {
        r0 = GoText.toLower(r0);
        buf.appendCodePoint(r1);
      }
    }
    buf.appendCodePoint(r0);
    return buf.toString();
  }

  /** {@code xstrings.ToSnakeCase}. */
  static String snake(final String s) {
    return new CaseConversion(s).toLowerCase('_');
  }

  /** {@code xstrings.ToKebabCase}. */
  static String kebab(final String s) {
    return new CaseConversion(s).toLowerCase('-');
  }

  private String toLowerCase(final int connector) {
    if (runes.length == 0) {
      return "";
    }
    final StringBuilder buf = new StringBuilder(runes.length + 4);
    Word w = nextWord(0);
    while (w.end < runes.length) {
      if (w.type != WordType.CONNECTOR) {
        toLower(buf, w, connector);
      }
      final Word prev = w;
      w = nextWord(w.end);
      switch (prev.type) {
        case NUMBER:
          while (w.type == WordType.ALPHABET || w.type == WordType.NUMBER) {
            toLower(buf, w, connector);
            w = nextWord(w.end);
          }
          if (w.type != WordType.INVALID && w.type != WordType.PUNCT && w.type != WordType.CONNECTOR) {
            buf.appendCodePoint(connector);
          }
          break;
        case CONNECTOR:
          toLower(buf, prev, connector);
          break;
        case PUNCT:
          break;
        default:
          if (w.type != WordType.NUMBER) {
            if (w.type != WordType.CONNECTOR && w.type != WordType.PUNCT) {
              buf.appendCodePoint(connector);
            }
            break;
          }
          if (w.end >= runes.length) {
            break;
          }
          final Word last = w;
          w = nextWord(w.end);
          // A number followed by anything but letters belongs to the previous word ("Bld4Floor").
          if (w.type != WordType.ALPHABET) {
            toLower(buf, new Word(WordType.NUMBER, last.start, last.end), connector);
            if (w.type != WordType.CONNECTOR && w.type != WordType.PUNCT) {
              buf.appendCodePoint(connector);
            }
            break;
          }
          // Lower case letters after a number start a new word ("HTTP2xx").
          buf.appendCodePoint(connector);
          toLower(buf, new Word(WordType.NUMBER, last.start, last.end), connector);
          while (w.type == WordType.ALPHABET || w.type == WordType.NUMBER) {
            toLower(buf, w, connector);
            w = nextWord(w.end);
          }
          if (w.type != WordType.INVALID && w.type != WordType.CONNECTOR && w.type != WordType.PUNCT) {
            buf.appendCodePoint(connector);
          }
          break;
      }
    }
    toLower(buf, w, connector);
    return buf.toString();
  }

  private void toLower(final StringBuilder buf, final Word w, final int connector) {
    if (w.type != WordType.UPPER_CASE && w.type != WordType.CONNECTOR) {
      buf.append(new String(runes, w.start, w.end - w.start));
      return;
    }
    for (int i = w.start; i < w.end; i++) {
      final int r = runes[i];
      if (isConnector(r)) {
        buf.appendCodePoint(connector);
      } else if (GoText.isUpper(r)) {
        buf.appendCodePoint(GoText.toLower(r));
      } else {
        buf.appendCodePoint(r);
      }
    }
  }

  /** The next valid rune at {@code at} and how many runes it took; at the end, {@code prev}. */
  private long nextValidRune(final int at, final int prev) {
    int size = 0;
    for (int i = at; i < runes.length; i++) {
      size++;
      if (runes[i] != RUNE_ERROR) {
        return pack(runes[i], size);
      }
    }
    return pack(prev, size);
  }

  private static long pack(final int rune, final int size) {
    return (long) rune << 32 | size;
  }

  private static int rune(final long packed) {
    return (int) (packed >>> 32);
  }

  private static int size(final long packed) {
    return (int) packed;
  }

  private Word nextWord(final int start) {
    if (start >= runes.length) {
      return new Word(WordType.INVALID, start, start);
    }
    long next = nextValidRune(start, RUNE_ERROR);
    int r = rune(next);
    int offset = size(next);
    int remaining = start + size(next);
    if (r == RUNE_ERROR) {
      return new Word(WordType.INVALID, start, start + offset);
    }
    final WordType type;
    if (isConnector(r)) {
      type = WordType.CONNECTOR;
      while (remaining < runes.length) {
        next = nextValidRune(remaining, r);
        r = rune(next);
        if (!isConnector(r)) {
          break;
        }
        offset += size(next);
        remaining += size(next);
      }
    } else if (GoText.isPunct(r)) {
      type = WordType.PUNCT;
      while (remaining < runes.length) {
        next = nextValidRune(remaining, r);
        r = rune(next);
        if (!GoText.isPunct(r)) {
          break;
        }
        offset += size(next);
        remaining += size(next);
      }
    } else if (GoText.isUpper(r)) {
      type = WordType.UPPER_CASE;
      if (remaining < runes.length) {
        next = nextValidRune(remaining, r);
        r = rune(next);
        if (GoText.isUpper(r)) {
          int prevSize = size(next);
          offset += size(next);
          remaining += size(next);
          while (remaining < runes.length) {
            next = nextValidRune(remaining, r);
            r = rune(next);
            if (!GoText.isUpper(r)) {
              break;
            }
            prevSize = size(next);
            offset += size(next);
            remaining += size(next);
          }
          // "HTTPStatus" splits into "HTTP" and "Status": the "S" starts the next word.
          if (remaining < runes.length && isAlphabet(r)) {
            offset -= prevSize;
          }
        } else if (isAlphabet(r)) {
          offset += size(next);
          remaining += size(next);
          offset = alphabetRun(remaining, r, offset);
        }
      }
    } else if (isAlphabet(r)) {
      type = WordType.ALPHABET;
      offset = alphabetRun(remaining, r, offset);
    } else if (GoText.isNumber(r)) {
      type = WordType.NUMBER;
      while (remaining < runes.length) {
        next = nextValidRune(remaining, r);
        r = rune(next);
        if (!GoText.isNumber(r)) {
          break;
        }
        offset += size(next);
        remaining += size(next);
      }
    } else {
      type = WordType.OTHER;
      while (remaining < runes.length) {
        next = nextValidRune(remaining, r);
        r = rune(next);
        if (size(next) == 0 || isConnector(r) || isAlphabet(r) || GoText.isNumber(r) || GoText.isPunct(r)) {
          break;
        }
        offset += size(next);
        remaining += size(next);
      }
    }
    return new Word(type, start, start + offset);
  }

  /** Extends a word over following lower-case letters; returns the new offset. */
  private int alphabetRun(final int from, final int first, final int offset0) {
    int offset = offset0;
    int remaining = from;
    int r = first;
    while (remaining < runes.length) {
      final long next = nextValidRune(remaining, r);
      r = rune(next);
      if (!isAlphabet(r) || GoText.isUpper(r)) {
        break;
      }
      offset += size(next);
      remaining += size(next);
    }
    return offset;
  }

  private static boolean isConnector(final int r) {
    return r == '-' || r == '_' || GoText.isSpace(r);
  }

  /** A letter that is not a CJK ideograph. */
  private static boolean isAlphabet(final int r) {
    if (!GoText.isLetter(r)) {
      return false;
    }
    if (r < 0x3400) {
      return true;
    }
    return !(r >= 0x4E00 && r <= 0x9FCC || r >= 0x3400 && r <= 0x4D85 || r >= 0x20000 && r <= 0x2B81D);
  }
}
