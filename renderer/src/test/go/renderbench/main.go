// Command renderbench is the Go baseline of Commander's renderer benchmark: it renders a cluster
// template export's sections as a Go renderer built on text/template does (Helm's way: sprig plus
// include, tpl, toYaml, fromYaml and required), parses every rendered document as YAML, and times
// whole renders in one goroutine, as the Java benchmark does.
//
//	renderbench -template T.json -data D.json -seconds 10
//
// D.json holds the data a render sees (values and Commander's built-ins). It prints one JSON
// object: {"renders": n, "seconds": s, "per_second": r, "p50_ms": .., "p99_ms": .., "rendered": {section: text}}
// where rendered is the first render's output, for the caller to compare with its own.
//
// Build in GOPATH mode against Debian's packaged sprig and yaml.v2:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go run main.go -template ... -data ...
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v2"
)

type export struct {
	Sections struct {
		Kubernetes       string `json:"kubernetes"`
		Placement        string `json:"placement"`
		SSH              string `json:"ssh"`
		Installation     string `json:"installation"`
		PrimaryResources string `json:"primary_resources"`
		Resources        []struct {
			Name     string `json:"name"`
			Template string `json:"template"`
		} `json:"resources"`
	} `json:"sections"`
}

type section struct{ key, text string }

func main() {
	templatePath := flag.String("template", "", "cluster template export (JSON)")
	dataPath := flag.String("data", "", "the data a render sees (JSON)")
	seconds := flag.Float64("seconds", 10, "how long to measure, after as long a warm-up")
	flag.Parse()
	var doc export
	readJSON(*templatePath, &doc)
	var data map[string]interface{}
	readJSON(*dataPath, &data)
	s := doc.Sections
	sections := []section{{"kubernetes", s.Kubernetes}, {"placement", s.Placement}, {"ssh", s.SSH},
		{"installation", s.Installation}, {"primary_resources", s.PrimaryResources}}
	for _, tab := range s.Resources {
		sections = append(sections, section{"resources/" + tab.Name, tab.Template})
	}

	first, err := render(sections, data)
	if err != nil {
		fail("%v", err)
	}
	measure(sections, data, time.Duration(*seconds*float64(time.Second)))
	durations := measure(sections, data, time.Duration(*seconds*float64(time.Second)))
	total := time.Duration(0)
	for _, d := range durations {
		total += d
	}
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	out, _ := json.Marshal(map[string]interface{}{
		"renders":    len(durations),
		"seconds":    total.Seconds(),
		"per_second": float64(len(durations)) / total.Seconds(),
		"p50_ms":     ms(durations[len(durations)/2]),
		"p99_ms":     ms(durations[len(durations)*99/100]),
		"rendered":   first,
	})
	os.Stdout.Write(append(out, '\n'))
}

func measure(sections []section, data map[string]interface{}, length time.Duration) []time.Duration {
	var durations []time.Duration
	for end := time.Now().Add(length); time.Now().Before(end); {
		start := time.Now()
		if _, err := render(sections, data); err != nil {
			fail("%v", err)
		}
		durations = append(durations, time.Since(start))
	}
	return durations
}

// render parses, executes and YAML-parses every section, as a renderer with no cache does.
func render(sections []section, data map[string]interface{}) (map[string]string, error) {
	rendered := make(map[string]string, len(sections))
	for _, s := range sections {
		if strings.TrimSpace(s.text) == "" {
			rendered[s.key] = ""
			continue
		}
		t := template.New(s.key)
		t.Funcs(funcs(t))
		if _, err := t.Parse(s.text); err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			return nil, err
		}
		decoder := yaml.NewDecoder(bytes.NewReader(buf.Bytes()))
		for {
			var document interface{}
			if err := decoder.Decode(&document); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				return nil, fmt.Errorf("%s: %v", s.key, err)
			}
		}
		rendered[s.key] = buf.String()
	}
	return rendered, nil
}

// funcs is sprig's map with Helm's additions that refer to the template being rendered.
func funcs(t *template.Template) template.FuncMap {
	f := sprig.TxtFuncMap()
	f["include"] = func(name string, data interface{}) (string, error) {
		var buf strings.Builder
		err := t.ExecuteTemplate(&buf, name, data)
		return buf.String(), err
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		c, err := t.Clone()
		if err != nil {
			return "", err
		}
		if _, err := c.New("tpl").Parse(text); err != nil {
			return "", err
		}
		var buf strings.Builder
		err = c.ExecuteTemplate(&buf, "tpl", data)
		return buf.String(), err
	}
	f["toYaml"] = func(v interface{}) string {
		out, err := yaml.Marshal(v)
		if err != nil {
			return ""
		}
		return strings.TrimSuffix(string(out), "\n")
	}
	f["fromYaml"] = func(text string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(text), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["required"] = func(message string, v interface{}) (interface{}, error) {
		if v == nil || v == "" {
			return v, errors.New(message)
		}
		return v, nil
	}
	return f
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func readJSON(path string, into interface{}) {
	raw, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	if err := json.Unmarshal(raw, into); err != nil {
		fail("%s: %v", path, err)
	}
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "renderbench: "+format+"\n", args...)
	os.Exit(1)
}
