/**
 * Go's {@code text/template}, implemented in Java so that templates written for Go render here to
 * the same bytes: lexer, parser, executor, the built-in functions and Go's printing of values.
 * Pure: no I/O, no clock, no Vert.x.
 *
 * <p>{@link io.commander.renderer.gotemplate.GoTemplate} parses once and executes many times, on
 * any number of threads. Data is what Go's {@code json.Unmarshal} into {@code interface{}} gives,
 * in Java ({@link io.commander.renderer.gotemplate.GoValues} describes the value model and prints
 * values as Go's {@code fmt} does). Functions are added as
 * {@link io.commander.renderer.gotemplate.TemplateFunction}s, optionally with Go parameter types
 * ({@link io.commander.renderer.gotemplate.Signature}) or access to the running template set
 * ({@link io.commander.renderer.gotemplate.TemplateContext}); values with Go methods or fields,
 * or of other Go types, implement {@link io.commander.renderer.gotemplate.GoObject}.
 * {@link io.commander.renderer.gotemplate.Functions#helm()} adds Helm's {@code include} and
 * {@code tpl}.
 */
package io.commander.renderer.gotemplate;
