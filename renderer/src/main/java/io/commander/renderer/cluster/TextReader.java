package io.commander.renderer.cluster;

import java.util.Arrays;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * SnakeYAML's {@link StreamReader} over a text held whole: the code points are read once, where
 * SnakeYAML's reader pulls the text through a {@code Reader} a kilobyte at a time and checks for
 * more data at every character it looks at. Positions, marks, line breaks and the per-document
 * count are kept exactly as SnakeYAML keeps them. Only for texts whose characters are all
 * printable ({@link #of}): SnakeYAML refuses the others when its reading reaches them, an order of
 * errors its own reader keeps.
 */
final class TextReader extends StreamReader {

  private static final String NAME = "'string'";

  private final int[] data;
  private int pointer;
  private int index;
  private int documentIndex;
  private int line;
  private int column;

  private TextReader(final int[] data) {
    super("");
    this.data = data;
  }

  /** A reader of {@code text}: this one when every character is printable, SnakeYAML's otherwise. */
  static StreamReader of(final String text) {
    final int[] data = new int[text.length()];
    int length = 0;
    for (int i = 0; i < text.length(); length++) {
      final int c = text.codePointAt(i);
      if (!StreamReader.isPrintable(c)) {
        return new StreamReader(text);
      }
      data[length] = c;
      i += Character.charCount(c);
    }
    return new TextReader(length == data.length ? data : Arrays.copyOf(data, length));
  }

  @Override
  public Mark getMark() {
    return new Mark(NAME, index, line, column, data, pointer);
  }

  @Override
  public void forward() {
    forward(1);
  }

  @Override
  public void forward(final int length) {
    for (int i = 0; i < length && pointer < data.length; i++) {
      final int c = data[pointer++];
      index++;
      documentIndex++;
      // SnakeYAML's Constant.LINEBR and its rule for a lone carriage return.
      if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
          || (c == '\r' && pointer < data.length && data[pointer] != '\n')) {
        line++;
        column = 0;
      } else if (c != 0xFEFF) {
        column++;
      }
    }
  }

  @Override
  public int peek() {
    return pointer < data.length ? data[pointer] : '\0';
  }

  @Override
  public int peek(final int offset) {
    return pointer + offset < data.length ? data[pointer + offset] : '\0';
  }

  @Override
  public String prefix(final int length) {
    if (length == 0) {
      return "";
    }
    return new String(data, pointer, Math.min(length, data.length - pointer));
  }

  @Override
  public String prefixForward(final int length) {
    final String prefix = prefix(length);
    pointer += length;
    index += length;
    documentIndex += length;
    // As in SnakeYAML: a prefix never holds a line break.
    column += length;
    return prefix;
  }

  @Override
  public int getColumn() {
    return column;
  }

  @Override
  public int getDocumentIndex() {
    return documentIndex;
  }

  @Override
  public void resetDocumentIndex() {
    documentIndex = 0;
  }

  @Override
  public int getIndex() {
    return index;
  }

  @Override
  public int getLine() {
    return line;
  }
}
