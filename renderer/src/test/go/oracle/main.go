// Command oracle renders Go text/template cases with Go's own engine, as the reference the Java
// renderer is compared with.
//
// It reads a JSON array of cases on stdin:
//
//	[{"name": "...", "template": "...", "data": <any JSON>, "funcs": "go" | "sprig"}, ...]
//
// and writes a JSON array on stdout with one result per case, in the same order:
//
//	{"name": "...", "output": "..."}   or   {"name": "...", "error": "..."}
//
// The error is the text of the error returned by Parse or Execute, as Go prints it. Data is
// decoded with encoding/json into interface{} (objects become map[string]interface{}, numbers
// float64). "go" gives the template Go's builtins only; "sprig" adds sprig.TxtFuncMap(). Each
// result is written on its own line so that the file diffs well.
//
// Build in GOPATH mode against Debian's packaged sprig:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go run main.go < cases.json > results.json
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"text/template"
	"unicode/utf8"

	"github.com/Masterminds/sprig"
)

type testCase struct {
	Name     string          `json:"name"`
	Template string          `json:"template"`
	Data     json.RawMessage `json:"data"`
	Funcs    string          `json:"funcs"`
}

type result struct {
	Name   string  `json:"name"`
	Output *string `json:"output,omitempty"`
	Error  *string `json:"error,omitempty"`
}

func main() {
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading stdin: %v", err)
	}
	var cases []testCase
	if err := json.Unmarshal(input, &cases); err != nil {
		fail("decoding the cases: %v", err)
	}
	out := bufio.NewWriter(os.Stdout)
	out.WriteString("[\n")
	for i, c := range cases {
		line, err := encode(render(c))
		if err != nil {
			fail("encoding the result of %q: %v", c.Name, err)
		}
		out.Write(line)
		if i < len(cases)-1 {
			out.WriteString(",")
		}
		out.WriteString("\n")
	}
	out.WriteString("]\n")
	if err := out.Flush(); err != nil {
		fail("writing stdout: %v", err)
	}
}

func render(c testCase) (r result) {
	r.Name = c.Name
	defer func() {
		if p := recover(); p != nil {
			r.Output = nil
			r.Error = str(fmt.Sprintf("panic: %v", p))
		}
	}()
	var data interface{}
	if len(c.Data) > 0 {
		if err := json.Unmarshal(c.Data, &data); err != nil {
			return failed(c.Name, fmt.Errorf("oracle: bad data: %v", err))
		}
	}
	t := template.New(c.Name).Option("missingkey=default")
	switch c.Funcs {
	case "", "go":
	case "sprig":
		t = t.Funcs(sprig.TxtFuncMap())
	default:
		return failed(c.Name, fmt.Errorf("oracle: unknown funcs %q", c.Funcs))
	}
	t, err := t.Parse(c.Template)
	if err != nil {
		return failed(c.Name, err)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return failed(c.Name, err)
	}
	if !utf8.Valid(buf.Bytes()) {
		return failed(c.Name, fmt.Errorf("oracle: output is not valid UTF-8: %q", buf.String()))
	}
	r.Output = str(buf.String())
	return r
}

func failed(name string, err error) result {
	return result{Name: name, Error: str(err.Error())}
}

func encode(r result) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func str(s string) *string { return &s }

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "oracle: "+format+"\n", args...)
	os.Exit(1)
}
