package io.commander.renderer.sprig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Sprig} offers the functions of sprig 3.2.3's {@code TxtFuncMap}, but for those left out on purpose. */
class SprigFunctionSetTest {

    /** The names of sprig 3.2.3's {@code TxtFuncMap} ({@code functions.go}). */
    private static final Set<String> SPRIG = Set.of(
            "abbrev", "abbrevboth", "add", "add1", "add1f", "addf", "adler32sum", "ago", "all", "any", "append",
            "atoi", "b32dec", "b32enc", "b64dec", "b64enc", "base", "bcrypt", "biggest", "buildCustomCert",
            "camelcase", "cat", "ceil", "chunk", "clean", "coalesce", "compact", "concat", "contains", "date",
            "dateInZone", "dateModify", "date_in_zone", "date_modify", "decryptAES", "deepCopy", "deepEqual",
            "default", "derivePassword", "dict", "dig", "dir", "div", "divf", "duration", "durationRound", "empty",
            "encryptAES", "env", "expandenv", "ext", "fail", "first", "float64", "floor", "fromJson", "genCA",
            "genCAWithKey", "genPrivateKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert",
            "genSignedCertWithKey", "get", "getHostByName", "has", "hasKey", "hasPrefix", "hasSuffix", "hello",
            "htmlDate", "htmlDateInZone", "htpasswd", "indent", "initial", "initials", "int", "int64", "isAbs",
            "join", "kebabcase", "keys", "kindIs", "kindOf", "last", "list", "lower", "max", "maxf", "merge",
            "mergeOverwrite", "min", "minf", "mod", "mul", "mulf", "mustAppend", "mustChunk", "mustCompact",
            "mustDateModify", "mustDeepCopy", "mustFirst", "mustFromJson", "mustHas", "mustInitial", "mustLast",
            "mustMerge", "mustMergeOverwrite", "mustPrepend", "mustPush", "mustRegexFind", "mustRegexFindAll",
            "mustRegexMatch", "mustRegexReplaceAll", "mustRegexReplaceAllLiteral", "mustRegexSplit", "mustRest",
            "mustReverse", "mustSlice", "mustToDate", "mustToJson", "mustToPrettyJson", "mustToRawJson", "mustUniq",
            "mustWithout", "must_date_modify", "nindent", "nospace", "now", "omit", "osBase", "osClean", "osDir",
            "osExt", "osIsAbs", "pick", "pluck", "plural", "prepend", "push", "quote", "randAlpha", "randAlphaNum",
            "randAscii", "randBytes", "randInt", "randNumeric", "regexFind", "regexFindAll", "regexMatch",
            "regexQuoteMeta", "regexReplaceAll", "regexReplaceAllLiteral", "regexSplit", "repeat", "replace", "rest",
            "reverse", "round", "semver", "semverCompare", "seq", "set", "sha1sum", "sha256sum", "shuffle", "slice",
            "snakecase", "sortAlpha", "split", "splitList", "splitn", "squote", "sub", "subf", "substr", "swapcase",
            "ternary", "title", "toDate", "toDecimal", "toJson", "toPrettyJson", "toRawJson", "toString",
            "toStrings", "trim", "trimAll", "trimPrefix", "trimSuffix", "trimall", "trunc", "tuple", "typeIs",
            "typeIsLike", "typeOf", "uniq", "unixEpoch", "unset", "until", "untilStep", "untitle", "upper",
            "urlJoin", "urlParse", "uuidv4", "values", "without", "wrap", "wrapWith");

    /** What reaches outside the template (environment, DNS) or generates keys, certificates and hashes. */
    private static final Set<String> LEFT_OUT = Set.of("bcrypt", "buildCustomCert", "derivePassword", "env",
            "expandenv", "genCA", "genCAWithKey", "genPrivateKey", "genSelfSignedCert", "genSelfSignedCertWithKey",
            "genSignedCert", "genSignedCertWithKey", "getHostByName", "htpasswd");

    @Test
    void everySprigFunctionButThoseLeftOutIsThere() {
        final Set<String> expected = new HashSet<>(SPRIG);
        expected.removeAll(LEFT_OUT);
        assertThat(Sprig.functions().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void txtFuncMapIsTheSameMap() {
        assertThat(Sprig.txtFuncMap()).isSameAs(Sprig.functions());
    }

    @Test
    void helmAddsItsFunctionsAndReplacesSprigsJson() {
        assertThat(HelmFunctions.functions().keySet()).containsExactlyInAnyOrder("toYaml", "mustToYaml", "fromYaml",
                "fromYamlArray", "toJson", "mustToJson", "fromJson", "fromJsonArray", "required");
        assertThat(HelmFunctions.functions().get("fromJson")).isNotSameAs(Sprig.functions().get("fromJson"));
    }
}
