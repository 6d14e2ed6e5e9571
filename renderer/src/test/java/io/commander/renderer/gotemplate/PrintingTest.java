package io.commander.renderer.gotemplate;

import static io.commander.renderer.gotemplate.TemplateTestSupport.json;
import static io.commander.renderer.gotemplate.TemplateTestSupport.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's printing of values ({@code fmt}'s %v as an action prints, Sprint, Sprintf) and the
 * {@link GoValues} helpers. Expected texts are Go 1.19's output for the same template and data.
 */
class PrintingTest {

  static Stream<Arguments> floats() {
    return Stream.of(
        Arguments.of("{{.}}", "[1, 1.5, 1e6, 1e21, 0.0001, 0.00001, 123456789, 1e20, 100000, 999999, 1234567, 0.1, -0.0, 3.0000000000000004, 0.30000000000000004]", "[1 1.5 1e+06 1e+21 0.0001 1e-05 1.23456789e+08 1e+20 100000 999999 1.234567e+06 0.1 -0 3.0000000000000004 0.30000000000000004]"),
        Arguments.of("{{.}}", "[1e100, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 2.82879384806159e17, 1e23, 9007199254740993, -1.5e-7, 12345678.9, 0.000123]", "[1e+100 5e-324 1.7976931348623157e+308 2.2250738585072014e-308 2.82879384806159e+17 1e+23 9.007199254740992e+15 -1.5e-07 1.23456789e+07 0.000123]"),
        Arguments.of("{{print 100000.0 1000000.0 999999.0 0.000123 1e-7 123456.0 1234567.0}}", "", "100000 1e+06 999999 0.000123 1e-07 123456 1.234567e+06"),
        Arguments.of("{{printf \"%v|%g|%G|%e|%E|%f|%F\" 1234.5678 1234.5678 1e-10 1234.5678 1234.5678 1234.5678 1e6}}", "", "1234.5678|1234.5678|1E-10|1.234568e+03|1.234568E+03|1234.567800|1000000.000000"),
        Arguments.of("{{printf \"%.1f %.1f %.1f %.1f %.0f %.0f %.0f\" 0.05 0.15 0.25 0.35 0.5 1.5 2.5}}", "", "0.1 0.1 0.2 0.3 0 2 2"),
        Arguments.of("{{printf \"%.2e|%.3g|%.5g|%.15g|%.17g|%.20f\" 1.125 1.0625 1.0 0.1 0.1 0.1}}", "", "1.12e+00|1.06|1|0.1|0.10000000000000001|0.10000000000000000555"),
        Arguments.of("{{printf \"%6.2f|%-8.3f|%08.3f|%+.1e|% .3g|%+v\" 3.14159 2.5 -3.14159 12345.678 0.000012345 1.5}}", "", "  3.14|2.500   |-003.142|+1.2e+04| 1.23e-05|1.5"),
        Arguments.of("{{printf \"%#g|%#.3g|%#v|%#f|%#e\" 1.0 2.0 3.0 4.0 5.0}}", "", "1.00000|2.00|3|4.000000|5.000000e+00"),
        Arguments.of("{{printf \"%x|%X|%b|%.2x\" 1.0 -3.5 1.0 3.14159}}", "", "0x1p+00|-0X1.CP+01|4503599627370496p-52|0x1.92p+01"),
        Arguments.of("{{printf \"%e %e %g\" 1e100 5e-324 1e-300}}", "", "1.000000e+100 4.940656e-324 1e-300"),
        Arguments.of("{{printf \"%6.3v|%10.4v|%.0e|%.0g\" 3.14159 123456.0 15.0 15.0}}", "", "  3.14| 1.235e+05|2e+01|2e+01"));
  }

  /** E.g. Go: {{.}} of json [1e6] prints [1e+06]; 100000 stays 100000 (%v is %g, exponent from 21 digits? no: from 1e+06). */
  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void floats(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> printf() {
    return Stream.of(
        Arguments.of("{{printf \"%d|%+d|% d|%05d|%-5d|%x|%X|%#x|%o|%#o|%O|%b|%c|%q|%U|%#U\" 42 5 5 -42 7 255 255 255 8 8 8 5 65 65 65 65}}", "", "42|+5| 5|-0042|7    |ff|FF|0xff|10|010|0o10|101|A|'A'|U+0041|U+0041 'A'"),
        Arguments.of("{{printf \"%s|%q|%v|%x|% x|%#x|%X|%10s|%-10s|%.2s|%+q|%#q\" \"h\u00e9llo\" \"a\\\"b\\n\" \"x\" \"hi\" \"hi\" \"hi\" \"hi\" \"abc\" \"abc\" \"h\u00e9llo\" \"h\u00e9llo\" \"a`b\"}}", "", "h\u00e9llo|\"a\\\"b\\n\"|x|6869|68 69|0x6869|6869|       abc|abc       |h\u00e9|\"h\\u00e9llo\"|\"a`b\""),
        Arguments.of("{{printf \"%d\" \"x\"}}|{{printf \"%s\" 1}}|{{printf \"%d\"}}|{{printf \"%d %d\" 1}}|{{printf \"x\" 1 \"a\"}}|{{printf \"%!\"}}|{{printf \"%\"}}|{{printf \"%z\" 1}}", "", "%!d(string=x)|%!s(int=1)|%!d(MISSING)|1 %!d(MISSING)|x%!(EXTRA int=1, string=a)|%!!(MISSING)|%!(NOVERB)|%!z(int=1)"),
        Arguments.of("{{printf \"%v %d %s\" .l .l .l}}|{{printf \"%v %d %s\" .m .m .m}}", "{\"l\":[1,\"a\",null,true],\"m\":{\"a\":1,\"b\":\"x\"}}", "[1 a <nil> true] [%!d(float64=1) %!d(string=a) <nil> %!d(bool=true)] [%!s(float64=1) a <nil> %!s(bool=true)]|map[a:1 b:x] map[%!d(string=a):%!d(float64=1) %!d(string=b):%!d(string=x)] map[a:%!s(float64=1) b:x]"),
        Arguments.of("{{printf \"%T %T %T %T %T %T %T\" 1 1.5 \"a\" true nil .l .m}}", "{\"l\":[],\"m\":{}}", "int float64 string bool <nil> []interface {} map[string]interface {}"),
        Arguments.of("{{printf \"%#v %#v %#v %#v %#v\" 1 1.5 \"a\" .l .m}}", "{\"l\":[1,\"a\",null],\"m\":{\"a\":1}}", "1 1.5 \"a\" []interface {}{1, \"a\", interface {}(nil)} map[string]interface {}{\"a\":1}"),
        Arguments.of("{{printf \"%[2]d %[1]d\" 1 2}}|{{printf \"%*d|%-*d\" 5 1 5 2}}|{{printf \"%.*f\" 2 3.14159}}|{{printf \"%[3]d\" 1}}|{{printf \"%[2]*[1]d\" 12 5}}", "", "2 1|    1|2    |3.14|%!d(BADINDEX)|   12"),
        Arguments.of("{{printf \"%t %t %v\" true false true}}|{{printf \"%5t|%-6v|\" true false}}|{{printf \"%d\" true}}", "", "true false true| true|false ||%!d(bool=true)"),
        Arguments.of("{{printf \"%s\" nil}}|{{printf \"%d\" nil}}|{{printf \"%v\" nil}}|{{printf \"%5v|\" nil}}", "", "%!s(<nil>)|%!d(<nil>)|<nil>|<nil>|"),
        Arguments.of("{{printf \"%q\" 0x1F600}}|{{printf \"%c|%5c\" 0x1F600 65}}|{{printf \"%c|%q|%U\" -1 1114112 -5}}", "", "'\ud83d\ude00'|\ud83d\ude00|    A|\ufffd|'\ufffd'|U+FFFFFFFFFFFFFFFB"),
        Arguments.of("{{printf \"%5.2s|%.0s|%-5.1s|%08s|%-08s|%08q\" \"h\u00e9llo\" \"x\" \"\u00fca\" \"ab\" \"ab\" \"a\"}}", "", "   h\u00e9||\u00fc    |000000ab|ab      |00000\"a\""),
        Arguments.of("{{printf \"%d%%\" 50}}|{{printf \"%%d\" 5}}|{{printf \"%5%\" }}|{{printf \"%s\" \"%d\"}}", "", "50%|%d%!(EXTRA int=5)|%|%d"),
        Arguments.of("{{printf \"%q|%x|%5v|%-4d|\" .l .l .l .l}}", "{\"l\":[\"a\",1]}", "[\"a\" %!q(float64=1)]|[61 0x1p+00]|[    a     1]|[%!d(string=a   ) %!d(float64=1   )]|"),
        Arguments.of("{{printf \"%s\" .}}", "[1.5,\"x\",true,null]", "[%!s(float64=1.5) x %!s(bool=true) <nil>]"),
        Arguments.of("{{printf \"%.*d|%*s|\" -1 5 -4 \"ab\"}}|{{printf \"%*d\" \"x\" 5}}|{{printf \"%[0]d %[x]d %[5]d\" 1}}", "", "%!(BADPREC)5|ab  ||%!(BADWIDTH)5|%!d(BADINDEX) %!d(BADINDEX) %!d(BADINDEX)"),
        Arguments.of("{{printf \"%!d\" 1}}{{printf \"%-\"}}{{printf \"%.\"}}{{printf \"%5\"}}", "", "%!!(int=1)d%!(NOVERB)%!.(MISSING)%!(NOVERB)"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void printf(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  @Test
  void printIsFmtSprintOfOneValue() {
    // Go: fmt.Sprint(x) for each x below.
    assertThat(GoValues.print(1.0)).isEqualTo("1");
    assertThat(GoValues.print(1.5)).isEqualTo("1.5");
    assertThat(GoValues.print(1e6)).isEqualTo("1e+06");
    assertThat(GoValues.print(1e21)).isEqualTo("1e+21");
    assertThat(GoValues.print(1e20)).isEqualTo("1e+20");
    assertThat(GoValues.print(0.0001)).isEqualTo("0.0001");
    assertThat(GoValues.print(0.00001)).isEqualTo("1e-05");
    assertThat(GoValues.print(123456789.0)).isEqualTo("1.23456789e+08");
    assertThat(GoValues.print(100000.0)).isEqualTo("100000");
    assertThat(GoValues.print(-0.0)).isEqualTo("-0");
    assertThat(GoValues.print(Double.NaN)).isEqualTo("NaN");
    assertThat(GoValues.print(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(GoValues.print(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(GoValues.print(7L)).isEqualTo("7");
    assertThat(GoValues.print(7)).isEqualTo("7");
    assertThat(GoValues.print(1.5f)).isEqualTo("1.5");
    assertThat(GoValues.print(true)).isEqualTo("true");
    assertThat(GoValues.print(null)).isEqualTo("<nil>");
    assertThat(GoValues.print("s")).isEqualTo("s");
    assertThat(GoValues.print(GoUint8.valueOf(200))).isEqualTo("200");
    assertThat(GoValues.print(new GoComplex(1, -2))).isEqualTo("(1-2i)");
    final Map<String, Object> m = new HashMap<>();
    m.put("b", List.of(1L, "x"));
    m.put("a", null);
    m.put("c", Map.of("z", 2.5));
    assertThat(GoValues.print(m)).isEqualTo("map[a:<nil> b:[1 x] c:map[z:2.5]]");
    assertThat(GoValues.print(Arrays.asList(1L, null, "a", List.of()))).isEqualTo("[1 <nil> a []]");
  }

  @Test
  void sprintSpacesOperandsWhenNeitherIsAString() {
    // Go: fmt.Sprint(1, 2, "a", 3, "b", "c", 4.5, nil, true) == "1 2a3bc4.5 <nil> true"
    assertThat(GoValues.sprint(1L, 2L, "a", 3L, "b", "c", 4.5, null, true)).isEqualTo("1 2a3bc4.5 <nil> true");
    assertThat(GoValues.sprintln(1L, "a", null)).isEqualTo("1 a <nil>\n");
    assertThat(GoValues.sprint()).isEmpty();
  }

  @Test
  void sprintfFollowsGoVerbsAndErrorForms() {
    assertThat(GoValues.sprintf("%05.1f|%-4d|%x|%q", 3.14159, 7L, "hi", "a\"b")).isEqualTo("003.1|7   |6869|\"a\\\"b\"");
    assertThat(GoValues.sprintf("%d %d", 1L)).isEqualTo("1 %!d(MISSING)");
    assertThat(GoValues.sprintf("%d", "x")).isEqualTo("%!d(string=x)");
    assertThat(GoValues.sprintf("x", 1L, "a")).isEqualTo("x%!(EXTRA int=1, string=a)");
    assertThat(GoValues.sprintf("%v|%s", (Object) null, (Object) null)).isEqualTo("<nil>|%!s(<nil>)");
    assertThat(GoValues.sprintf("%T %T %T", 1L, 1.0, List.of())).isEqualTo("int float64 []interface {}");
  }

  @Test
  void truthIsGoIsTrue() {
    assertThat(GoValues.truth(null)).isFalse();
    assertThat(GoValues.truth(false)).isFalse();
    assertThat(GoValues.truth(0L)).isFalse();
    assertThat(GoValues.truth(0)).isFalse();
    assertThat(GoValues.truth(0.0)).isFalse();
    assertThat(GoValues.truth(-0.0)).isFalse();
    assertThat(GoValues.truth("")).isFalse();
    assertThat(GoValues.truth(List.of())).isFalse();
    assertThat(GoValues.truth(Map.of())).isFalse();
    assertThat(GoValues.truth(GoUint8.valueOf(0))).isFalse();
    assertThat(GoValues.truth(new GoComplex(0, 0))).isFalse();
    assertThat(GoValues.truth(true)).isTrue();
    assertThat(GoValues.truth(-1L)).isTrue();
    assertThat(GoValues.truth(0.5)).isTrue();
    assertThat(GoValues.truth("0")).isTrue();
    assertThat(GoValues.truth(List.of(0L))).isTrue();
    assertThat(GoValues.truth(Map.of("k", false))).isTrue();
    assertThat(GoValues.truth(new Object())).isTrue();
  }

  @Test
  void kindsAndTypeNames() {
    assertThat(GoValues.kind(null)).isEqualTo(GoValues.Kind.NIL);
    assertThat(GoValues.kind(3)).isEqualTo(GoValues.Kind.INT);
    assertThat(GoValues.kind((short) 3)).isEqualTo(GoValues.Kind.INT);
    assertThat(GoValues.kind(3.0f)).isEqualTo(GoValues.Kind.FLOAT);
    assertThat(GoValues.kind("")).isEqualTo(GoValues.Kind.STRING);
    assertThat(GoValues.kind(new ArrayList<>())).isEqualTo(GoValues.Kind.LIST);
    assertThat(GoValues.kind(new LinkedHashMap<>())).isEqualTo(GoValues.Kind.MAP);
    assertThat(GoValues.kind(GoUint8.valueOf(1))).isEqualTo(GoValues.Kind.UINT);
    assertThat(GoValues.kind(new GoComplex(1, 1))).isEqualTo(GoValues.Kind.COMPLEX);
    assertThat(GoValues.kind(new Object())).isEqualTo(GoValues.Kind.OTHER);
    assertThat(GoValues.isInt(3L)).isTrue();
    assertThat(GoValues.isInt(3.0)).isFalse();
    assertThat(GoValues.isFloat(3.0)).isTrue();
    assertThat(GoValues.isUint(GoUint8.valueOf(3))).isTrue();
    assertThat(GoValues.typeName(3)).isEqualTo("int");
    assertThat(GoValues.typeName(3.0)).isEqualTo("float64");
    assertThat(GoValues.typeName(Map.of())).isEqualTo("map[string]interface {}");
    assertThat(GoValues.typeName(null)).isEqualTo("<nil>");
  }

  @Test
  void mapKeysSortAsGoSortsStringsByBytes() {
    // Go orders map keys by their UTF-8 bytes: "B" < "a" < "z" < "é" < "\uffff" < "😀".
    final Map<String, Object> m = new HashMap<>();
    for (final String k : List.of("\ud83d\ude00", "z", "\uffff", "\u00e9", "a", "B")) {
      m.put(k, 1L);
    }
    assertThat(GoValues.sortedKeys(m)).containsExactly("B", "a", "z", "\u00e9", "\uffff", "\ud83d\ude00");
    assertThat(GoValues.compareStrings("\uffff", "\ud83d\ude00")).isNegative();
    assertThat(GoValues.compareStrings("ab", "a")).isPositive();
    assertThat(GoValues.compareStrings("a", "a")).isZero();
  }

  @Test
  void goBytesAndGoStringRoundTripBytesThatAreNotUtf8() {
    final byte[] bytes = {(byte) 0x68, (byte) 0xC3, (byte) 0xA9, (byte) 0xC3, (byte) 0xFF};
    final String s = GoValues.goString(bytes, 0, bytes.length);
    assertThat(s).startsWith("h\u00e9");
    assertThat(GoValues.byteLength(s)).isEqualTo(5);
    assertThat(GoValues.goBytes(s)).isEqualTo(bytes);
    assertThat(GoValues.goBytes("\u00e9\ud83d\ude00")).hasSize(6);
  }

  @Test
  void deepEqualKeepsIntsAndFloatsApart() {
    assertThat(GoValues.deepEqual(1L, 1)).isTrue();
    assertThat(GoValues.deepEqual(1L, 1.0)).isFalse();
    assertThat(GoValues.deepEqual(List.of(1L, Map.of("a", "b")), List.of(1L, Map.of("a", "b")))).isTrue();
    assertThat(GoValues.deepEqual(Map.of("a", 1L), Map.of("a", 2L))).isFalse();
    assertThat(GoValues.deepEqual(null, null)).isTrue();
  }

  @Test
  void dataMapsInAnyJavaMapTypePrintSorted() throws Exception {
    final Object data = json("{\"z\":1,\"a\":2}");
    assertThat(GoTemplate.parse("t", "{{.}}", null).execute(data)).isEqualTo("map[a:2 z:1]");
  }
}
