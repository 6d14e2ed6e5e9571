/**
 * The Deckhouse Kubernetes Platform kinds a cluster template renders, checked the way dhctl and
 * Kubernetes would check them, but at render time and with the line and column of each mistake:
 * {@link io.commander.renderer.kinds.KindSchemas} checks a document against its kind's schema,
 * {@link io.commander.renderer.kinds.SectionKinds} checks that dhctl's kinds are in the section
 * Commander reads them from.
 *
 * <p>Schemas live in {@code src/main/resources/io/commander/renderer/kinds/}, one file per kind:
 * <pre>
 * kind: SSHHost
 * versions:                       # apiVersion to schema; YAML anchors share one schema
 *   dhctl.deckhouse.io/v1:
 *     type: object
 *     required: [host]
 *     properties:
 *       host: {type: string}
 * </pre>
 * A schema is a structural subset of JSON Schema: {@code type} (object, array, string, integer,
 * number, boolean, or a list of them), {@code properties}, {@code required},
 * {@code additionalProperties}, {@code enum}, {@code pattern} (unanchored, as in JSON Schema),
 * {@code items}, {@code minimum}/{@code maximum}, {@code minItems}/{@code maxItems},
 * {@code description}, and {@code $ref: name} standing alone for a shape of
 * {@code definitions.yaml}. Keys starting with {@code x-} are notes and ignored.
 *
 * <p>Objects are closed as DKP's are: an object that lists {@code properties} rejects every other
 * field, unless {@code additionalProperties} is {@code true} (open) or a schema (every other
 * field's value must match it, as in a map of labels). An object without {@code properties} is
 * free-form, such as ModuleConfig's {@code spec.settings}, unless {@code additionalProperties} is
 * {@code false}: then it must be empty. A document's {@code apiVersion} and
 * {@code kind} are known fields of every kind. Where DKP's enums grow with each release
 * (Kubernetes versions, cloud providers) the schemas use a pattern or a plain string instead.
 */
package io.commander.renderer.kinds;
