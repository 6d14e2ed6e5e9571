package io.commander.renderer.gotemplate;

import java.util.ArrayDeque;
import java.util.Map;

/**
 * Go's {@code text/template/parse} lexer: splits template text into items, with the same rules
 * for delimiters, trim markers, comments, literals and identifiers, and the same error texts.
 * Positions are char offsets into the text; lines count from 1.
 */
final class Lexer {

  /** Item types, in Go's order: everything after {@link #KEYWORD} is a keyword. */
  enum Type {
    ERROR, BOOL, CHAR, CHAR_CONSTANT, COMMENT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER,
    LEFT_DELIM, LEFT_PAREN, NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE, STRING, TEXT,
    VARIABLE,
    KEYWORD, BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF, NIL, RANGE, TEMPLATE, WITH;

    boolean isKeyword() {
      return ordinal() > KEYWORD.ordinal();
    }
  }

  /** A token or text string. */
  record Item(Type type, int pos, String val, int line) {
    @Override
    public String toString() {
      if (type == Type.EOF) {
        return "EOF";
      }
      if (type == Type.ERROR) {
        return val;
      }
      if (type.isKeyword()) {
        return "<" + val + ">";
      }
      if (val.codePointCount(0, val.length()) > 10) {
        return GoStrings.quote(val.substring(0, val.offsetByCodePoints(0, 10)), '"', false) + "...";
      }
      return GoStrings.quote(val, '"', false);
    }
  }

  private static final Map<String, Type> KEYWORDS = Map.ofEntries(
      Map.entry(".", Type.DOT),
      Map.entry("block", Type.BLOCK),
      Map.entry("break", Type.BREAK),
      Map.entry("continue", Type.CONTINUE),
      Map.entry("define", Type.DEFINE),
      Map.entry("else", Type.ELSE),
      Map.entry("end", Type.END),
      Map.entry("if", Type.IF),
      Map.entry("range", Type.RANGE),
      Map.entry("nil", Type.NIL),
      Map.entry("template", Type.TEMPLATE),
      Map.entry("with", Type.WITH));

  private static final int EOF = -1;
  private static final char TRIM_MARKER = '-';
  private static final int TRIM_MARKER_LEN = 2; // marker plus space before or after
  private static final String LEFT_COMMENT = "/*";
  private static final String RIGHT_COMMENT = "*/";

  private enum State {
    TEXT, LEFT_DELIM, COMMENT, RIGHT_DELIM, INSIDE_ACTION, SPACE, IDENTIFIER, FIELD, VARIABLE, CHAR,
    NUMBER, QUOTE, RAW_QUOTE, DONE
  }

  private final String input;
  private final String leftDelim;
  private final String rightDelim;
  private final boolean breakOk;
  private final boolean continueOk;
  private final ArrayDeque<Item> items = new ArrayDeque<>(4);
  private State state = State.TEXT;
  private int pos;
  private int start;
  private int width;
  private int parenDepth;
  private int line = 1;
  private int startLine = 1;

  Lexer(final String input, final String leftDelim, final String rightDelim, final boolean breakOk,
      final boolean continueOk) {
    this.input = input;
    this.leftDelim = leftDelim == null || leftDelim.isEmpty() ? "{{" : leftDelim;
    this.rightDelim = rightDelim == null || rightDelim.isEmpty() ? "}}" : rightDelim;
    this.breakOk = breakOk;
    this.continueOk = continueOk;
  }

  /** The next item; after EOF or an error, EOF forever. */
  Item nextItem() {
    while (items.isEmpty()) {
      if (state == State.DONE) {
        return new Item(Type.EOF, pos, "", line);
      }
      state = step(state);
    }
    return items.poll();
  }

  private State step(final State s) {
    return switch (s) {
      case TEXT -> lexText();
      case LEFT_DELIM -> lexLeftDelim();
      case COMMENT -> lexComment();
      case RIGHT_DELIM -> lexRightDelim();
      case INSIDE_ACTION -> lexInsideAction();
      case SPACE -> lexSpace();
      case IDENTIFIER -> lexIdentifier();
      case FIELD -> lexFieldOrVariable(Type.FIELD);
      case VARIABLE -> lexVariable();
      case CHAR -> lexChar();
      case NUMBER -> lexNumber();
      case QUOTE -> lexQuote();
      case RAW_QUOTE -> lexRawQuote();
      case DONE -> State.DONE;
    };
  }

  // ---------------------------------------------------------------- primitives

  private int next() {
    if (pos >= input.length()) {
      width = 0;
      return EOF;
    }
    final int r = input.codePointAt(pos);
    width = Character.charCount(r);
    pos += width;
    if (r == '\n') {
      line++;
    }
    return r;
  }

  private int peek() {
    final int r = next();
    backup();
    return r;
  }

  private void backup() {
    if (width > 0) {
      pos -= width;
      if (input.charAt(pos) == '\n') {
        line--;
      }
      width = 0;
    }
  }

  private void emit(final Type t) {
    items.add(new Item(t, start, input.substring(start, pos), startLine));
    start = pos;
    startLine = line;
  }

  private void ignore() {
    line += countNewlines(start, pos);
    start = pos;
    startLine = line;
  }

  private int countNewlines(final int from, final int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (input.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private boolean accept(final String valid) {
    final int r = next();
    if (r != EOF && valid.indexOf(r) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private void acceptRun(final String valid) {
    int r = next();
    while (r != EOF && valid.indexOf(r) >= 0) {
      r = next();
    }
    backup();
  }

  private State errorf(final String message) {
    items.add(new Item(Type.ERROR, start, message, startLine));
    return State.DONE;
  }

  private static boolean isSpace(final int r) {
    return r == ' ' || r == '\t' || r == '\r' || r == '\n';
  }

  static boolean isAlphaNumeric(final int r) {
    return r == '_' || Character.isLetter(r) || Character.isDigit(r);
  }

  private boolean hasLeftTrimMarker(final int at) {
    return at + 1 < input.length() && input.charAt(at) == TRIM_MARKER && isSpace(input.charAt(at + 1));
  }

  private boolean hasRightTrimMarker(final int at) {
    return at + 1 < input.length() && isSpace(input.charAt(at)) && input.charAt(at + 1) == TRIM_MARKER;
  }

  private int rightTrimLength(final int from, final int to) {
    int i = to;
    while (i > from && isSpace(input.charAt(i - 1))) {
      i--;
    }
    return to - i;
  }

  private int leftTrimLength(final int from) {
    int i = from;
    while (i < input.length() && isSpace(input.charAt(i))) {
      i++;
    }
    return i - from;
  }

  /** Whether the input is at a right delimiter, and whether a trim marker precedes it. */
  private boolean atRightDelim() {
    return (hasRightTrimMarker(pos) && input.startsWith(rightDelim, pos + TRIM_MARKER_LEN))
        || input.startsWith(rightDelim, pos);
  }

  private boolean atRightDelimTrimmed() {
    return hasRightTrimMarker(pos) && input.startsWith(rightDelim, pos + TRIM_MARKER_LEN);
  }

  private boolean atTerminator() {
    final int r = peek();
    if (isSpace(r)) {
      return true;
    }
    switch (r) {
      case EOF, '.', ',', '|', ':', ')', '(' -> {
        return true;
      }
      default -> {
        return input.startsWith(rightDelim, pos);
      }
    }
  }

  // ---------------------------------------------------------------- states

  private State lexText() {
    final int x = input.indexOf(leftDelim, pos);
    if (x >= 0) {
      final int ldn = leftDelim.length();
      pos = x;
      int trimLength = 0;
      if (hasLeftTrimMarker(pos + ldn)) {
        trimLength = rightTrimLength(start, pos);
      }
      pos -= trimLength;
      if (pos > start) {
        line += countNewlines(start, pos);
        emit(Type.TEXT);
      }
      pos += trimLength;
      ignore();
      return State.LEFT_DELIM;
    }
    pos = input.length();
    if (pos > start) {
      line += countNewlines(start, pos);
      emit(Type.TEXT);
    }
    emit(Type.EOF);
    return State.DONE;
  }

  private State lexLeftDelim() {
    pos += leftDelim.length();
    final boolean trimSpace = hasLeftTrimMarker(pos);
    final int afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker;
      ignore();
      return State.COMMENT;
    }
    emit(Type.LEFT_DELIM);
    pos += afterMarker;
    ignore();
    parenDepth = 0;
    return State.INSIDE_ACTION;
  }

  private State lexComment() {
    pos += LEFT_COMMENT.length();
    final int i = input.indexOf(RIGHT_COMMENT, pos);
    if (i < 0) {
      return errorf("unclosed comment");
    }
    pos = i + RIGHT_COMMENT.length();
    if (!atRightDelim()) {
      return errorf("comment ends before closing delimiter");
    }
    final boolean trimSpace = atRightDelimTrimmed();
    if (trimSpace) {
      pos += TRIM_MARKER_LEN;
    }
    pos += rightDelim.length();
    if (trimSpace) {
      pos += leftTrimLength(pos);
    }
    ignore();
    return State.TEXT;
  }

  private State lexRightDelim() {
    final boolean trimSpace = hasRightTrimMarker(pos);
    if (trimSpace) {
      pos += TRIM_MARKER_LEN;
      ignore();
    }
    pos += rightDelim.length();
    emit(Type.RIGHT_DELIM);
    if (trimSpace) {
      pos += leftTrimLength(pos);
      ignore();
    }
    return State.TEXT;
  }

  private State lexInsideAction() {
    if (atRightDelim()) {
      if (parenDepth == 0) {
        return State.RIGHT_DELIM;
      }
      return errorf("unclosed left paren");
    }
    final int r = next();
    if (r == EOF) {
      return errorf("unclosed action");
    }
    if (isSpace(r)) {
      backup(); // Put space back in case we have " -}}".
      return State.SPACE;
    }
    switch (r) {
      case '=' -> emit(Type.ASSIGN);
      case ':' -> {
        if (next() != '=') {
          return errorf("expected :=");
        }
        emit(Type.DECLARE);
      }
      case '|' -> emit(Type.PIPE);
      case '"' -> {
        return State.QUOTE;
      }
      case '`' -> {
        return State.RAW_QUOTE;
      }
      case '$' -> {
        return State.VARIABLE;
      }
      case '\'' -> {
        return State.CHAR;
      }
      case '(' -> {
        emit(Type.LEFT_PAREN);
        parenDepth++;
      }
      case ')' -> {
        emit(Type.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          return errorf("unexpected right paren " + GoStrings.describeRune(r));
        }
      }
      default -> {
        if (r == '.') {
          // special look-ahead for ".field" so we don't break backup().
          if (pos < input.length()) {
            final char c = input.charAt(pos);
            if (c < '0' || '9' < c) {
              return State.FIELD;
            }
          }
          backup();
          return State.NUMBER;
        }
        if (r == '+' || r == '-' || ('0' <= r && r <= '9')) {
          backup();
          return State.NUMBER;
        }
        if (isAlphaNumeric(r)) {
          backup();
          return State.IDENTIFIER;
        }
        if (r < 0x80 && GoStrings.isPrint(r)) {
          emit(Type.CHAR);
        } else {
          return errorf("unrecognized character in action: " + GoStrings.describeRune(r));
        }
      }
    }
    return State.INSIDE_ACTION;
  }

  private State lexSpace() {
    int numSpaces = 0;
    while (isSpace(peek())) {
      next();
      numSpaces++;
    }
    // Be careful about a trim-marked closing delimiter, which has a minus after a space.
    if (hasRightTrimMarker(pos - 1) && input.startsWith(rightDelim, pos - 1 + TRIM_MARKER_LEN)) {
      pos--; // Before the space.
      if (input.charAt(pos) == '\n') {
        line--;
      }
      if (numSpaces == 1) {
        return State.RIGHT_DELIM; // On the delim, so go right to that.
      }
    }
    emit(Type.SPACE);
    return State.INSIDE_ACTION;
  }

  private State lexIdentifier() {
    while (true) {
      final int r = next();
      if (r != EOF && isAlphaNumeric(r)) {
        continue;
      }
      backup();
      final String word = input.substring(start, pos);
      if (!atTerminator()) {
        return errorf("bad character " + GoStrings.describeRune(r));
      }
      final Type key = KEYWORDS.get(word);
      if (key != null && key.isKeyword()) {
        if ((key == Type.BREAK && !breakOk) || (key == Type.CONTINUE && !continueOk)) {
          emit(Type.IDENTIFIER);
        } else {
          emit(key);
        }
      } else if (word.charAt(0) == '.') {
        emit(Type.FIELD);
      } else if (word.equals("true") || word.equals("false")) {
        emit(Type.BOOL);
      } else {
        emit(Type.IDENTIFIER);
      }
      return State.INSIDE_ACTION;
    }
  }

  private State lexVariable() {
    if (atTerminator()) { // Nothing interesting follows -> "$".
      emit(Type.VARIABLE);
      return State.INSIDE_ACTION;
    }
    return lexFieldOrVariable(Type.VARIABLE);
  }

  private State lexFieldOrVariable(final Type typ) {
    if (atTerminator()) { // Nothing interesting follows -> "." or "$".
      emit(typ == Type.VARIABLE ? Type.VARIABLE : Type.DOT);
      return State.INSIDE_ACTION;
    }
    int r;
    while (true) {
      r = next();
      if (r == EOF || !isAlphaNumeric(r)) {
        backup();
        break;
      }
    }
    if (!atTerminator()) {
      return errorf("bad character " + GoStrings.describeRune(r));
    }
    emit(typ);
    return State.INSIDE_ACTION;
  }

  private State lexChar() {
    while (true) {
      int r = next();
      if (r == '\\') {
        r = next();
        if (r != EOF && r != '\n') {
          continue;
        }
        return errorf("unterminated character constant");
      }
      if (r == EOF || r == '\n') {
        return errorf("unterminated character constant");
      }
      if (r == '\'') {
        break;
      }
    }
    emit(Type.CHAR_CONSTANT);
    return State.INSIDE_ACTION;
  }

  private State lexNumber() {
    if (!scanNumber()) {
      return errorf("bad number syntax: " + GoStrings.quote(input.substring(start, pos), '"', false));
    }
    final int sign = peek();
    if (sign == '+' || sign == '-') {
      // Complex: 1+2i. No spaces, must end in 'i'.
      if (!scanNumber() || input.charAt(pos - 1) != 'i') {
        return errorf("bad number syntax: " + GoStrings.quote(input.substring(start, pos), '"', false));
      }
      emit(Type.COMPLEX);
    } else {
      emit(Type.NUMBER);
    }
    return State.INSIDE_ACTION;
  }

  private boolean scanNumber() {
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (digits.length() == 10 + 1 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 16 + 6 + 1 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    accept("i");
    final int r = peek();
    if (r != EOF && isAlphaNumeric(r)) {
      next();
      return false;
    }
    return true;
  }

  private State lexQuote() {
    while (true) {
      int r = next();
      if (r == '\\') {
        r = next();
        if (r != EOF && r != '\n') {
          continue;
        }
        return errorf("unterminated quoted string");
      }
      if (r == EOF || r == '\n') {
        return errorf("unterminated quoted string");
      }
      if (r == '"') {
        break;
      }
    }
    emit(Type.STRING);
    return State.INSIDE_ACTION;
  }

  private State lexRawQuote() {
    while (true) {
      final int r = next();
      if (r == EOF) {
        return errorf("unterminated raw quoted string");
      }
      if (r == '`') {
        break;
      }
    }
    emit(Type.RAW_STRING);
    return State.INSIDE_ACTION;
  }
}
