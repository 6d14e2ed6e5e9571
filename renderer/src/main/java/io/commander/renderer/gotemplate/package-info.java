/**
 * Go's {@code text/template}, implemented in Java so that templates written for Go render here to
 * the same bytes: lexer, parser, executor, the built-in functions and Go's printing of values.
 * Pure: no I/O, no clock, no Vert.x.
 */
package io.commander.renderer.gotemplate;
