import {
  Button,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  HelperText,
  HelperTextItem,
  Switch,
  TextInput,
  Title,
} from '@patternfly/react-core';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import MinusCircleIcon from '@patternfly/react-icons/dist/esm/icons/minus-circle-icon';
import {
  PASSWORD_MASK,
  controlOf,
  gridSpan,
  inputType,
  isList,
  isReadOnly,
  isRequired,
  recordFree,
  recordLabel,
  type CatalogChoices,
  type Entry,
  type FormState,
  type ParamField,
  type SchemaItem,
} from '../forms/schema';

export interface ParamsFormProps {
  items: SchemaItem[];
  state: FormState;
  onChange: (next: FormState) => void;
  /** Messages by field key (the browser's checks and the server's). */
  errors: Record<string, string[]>;
  catalogs: CatalogChoices[] | undefined;
  mode: 'create' | 'edit';
  /** The cluster's values as saved (editing): immutable fields that have one are read-only. */
  original?: Record<string, unknown>;
  clusterId?: string;
  disabled?: boolean;
}

const fieldId = (key: string, i?: number) => `param-${key}${i === undefined ? '' : `-${i}`}`;

function Control({ field, entry, onEntry, label, id, readOnly, invalid, catalogs, clusterId }: {
  field: ParamField;
  entry: Entry;
  onEntry: (e: Entry) => void;
  label: string;
  id: string;
  readOnly: boolean;
  invalid: boolean;
  catalogs: CatalogChoices[] | undefined;
  clusterId?: string;
}) {
  const validated = invalid ? 'error' : 'default';
  switch (controlOf(field)) {
    case 'switch':
      return <Switch id={id} aria-label={label} label="Yes" isChecked={entry === true} isDisabled={readOnly} onChange={(_e, v) => onEntry(v)} />;
    case 'enum':
      return (
        <FormSelect id={id} aria-label={label} value={String(entry)} isDisabled={readOnly} validated={validated} onChange={(_e, v) => onEntry(v)}>
          <FormSelectOption value="" label="Choose…" isPlaceholder />
          {(field.enum ?? []).map((o, i) => (
            <FormSelectOption key={i} value={String(i)} label={typeof o === 'string' ? o : JSON.stringify(o)} />
          ))}
        </FormSelect>
      );
    case 'select':
      return (
        <FormSelect id={id} aria-label={label} value={String(entry)} isDisabled={readOnly} validated={validated} onChange={(_e, v) => onEntry(v)}>
          <FormSelectOption value="" label="Choose…" isPlaceholder />
          {(field.select ?? []).map((o, i) => (
            <FormSelectOption key={i} value={String(i)} label={o.text} />
          ))}
        </FormSelect>
      );
    case 'catalog': {
      const catalog = catalogs?.find((c) => c.slug === field.catalog);
      if (catalogs !== undefined && !catalog) {
        return <TextInput id={id} aria-label={label} value={`No catalog "${field.catalog}" in this workspace`} readOnlyVariant="default" validated="error" />;
      }
      return (
        <FormSelect id={id} aria-label={label} value={String(entry)} isDisabled={readOnly || !catalog} validated={validated} onChange={(_e, v) => onEntry(v)}>
          <FormSelectOption value="" label={catalog ? (catalog.records.length === 0 ? `No records in ${catalog.name} yet` : `Choose a record of ${catalog.name}…`) : 'Reading the catalog…'} isPlaceholder />
          {(catalog?.records ?? []).map((r) => {
            const free = recordFree(catalog!, r, clusterId);
            return <FormSelectOption key={r.id} value={r.id} isDisabled={!free && r.id !== entry} label={`${recordLabel(catalog!.params, r)}${free ? '' : ' (used by another cluster)'}`} />;
          })}
        </FormSelect>
      );
    }
    default: {
      const password = controlOf(field) === 'password';
      return (
        <TextInput
          id={id}
          aria-label={label}
          type={inputType(field)}
          value={String(entry)}
          readOnlyVariant={readOnly ? 'default' : undefined}
          validated={validated}
          autoComplete={password ? 'new-password' : 'off'}
          placeholder={password && entry === PASSWORD_MASK ? undefined : field.default !== undefined && field.default !== null ? String(field.default) : undefined}
          onFocus={password && entry === PASSWORD_MASK ? () => onEntry('') : undefined}
          onChange={(_e, v) => onEntry(v)}
        />
      );
    }
  }
}

function Field({ field, props }: { field: ParamField; props: ParamsFormProps }) {
  const { state, onChange, errors, mode, original, catalogs, clusterId, disabled } = props;
  const readOnly = !!disabled || isReadOnly(field, mode, original);
  const messages = errors[field.key] ?? [];
  const invalid = messages.length > 0;
  const set = (value: FormState[string]) => onChange({ ...state, [field.key]: value });
  const helper = (
    <FormHelperText>
      <HelperText>
        {messages.map((m, i) => (
          <HelperTextItem key={i} variant="error">
            {field.title} {m}
          </HelperTextItem>
        ))}
        {field.immutable ? (
          <HelperTextItem>{readOnly && !disabled ? 'Set when the cluster was created; it cannot change.' : 'Can be set once: it cannot change afterwards.'}</HelperTextItem>
        ) : null}
        {field.description ? <HelperTextItem className="commander-description">{field.description}</HelperTextItem> : null}
      </HelperText>
    </FormHelperText>
  );

  if (isList(field)) {
    const entries = (Array.isArray(state[field.key]) ? state[field.key] : []) as Entry[];
    const max = field.maxItems ?? Infinity;
    const min = field.minItems ?? 0;
    return (
      <FormGroup label={field.title} isRequired={isRequired(field)} fieldId={fieldId(field.key, 0)} role="group" isStack>
        {entries.map((entry, i) => (
          <div key={i} className="commander-list-entry">
            <Control
              field={field}
              entry={entry}
              id={fieldId(field.key, i)}
              label={`${field.title} ${i + 1}`}
              readOnly={readOnly}
              invalid={invalid}
              catalogs={catalogs}
              clusterId={clusterId}
              onEntry={(e) => set(entries.map((x, j) => (j === i ? e : x)))}
            />
            <Button
              variant="plain"
              aria-label={`Remove ${field.title} ${i + 1}`}
              isDisabled={readOnly || entries.length <= min}
              onClick={() => set(entries.filter((_x, j) => j !== i))}
              icon={<MinusCircleIcon />}
            />
          </div>
        ))}
        <div>
          <Button variant="link" isInline icon={<PlusCircleIcon />} isDisabled={readOnly || entries.length >= max} onClick={() => set([...entries, controlOf(field) === 'switch' ? false : ''])}>
            Add {field.title}
          </Button>
          <span className="commander-muted"> {min === max ? `exactly ${min}` : `${min} to ${max}`}</span>
        </div>
        {helper}
      </FormGroup>
    );
  }
  const entry = state[field.key];
  return (
    <FormGroup label={field.title} isRequired={isRequired(field)} fieldId={fieldId(field.key)}>
      <Control
        field={field}
        entry={Array.isArray(entry) ? (entry[0] ?? '') : (entry ?? '')}
        id={fieldId(field.key)}
        label={field.title}
        readOnly={readOnly}
        invalid={invalid}
        catalogs={catalogs}
        clusterId={clusterId}
        onEntry={(e) => set(e)}
      />
      {helper}
    </FormGroup>
  );
}

/** The form a template version's input schema describes: headers, fields on a 4-column grid. */
export function ParamsForm(props: ParamsFormProps) {
  if (props.items.length === 0) return <p className="commander-muted">This template version has no input parameters.</p>;
  return (
    <Grid hasGutter className="commander-params">
      {props.items.map((item, i) =>
        item.kind === 'header' ? (
          <GridItem key={`h${i}`} span={12}>
            <Title headingLevel="h3" size="md" className="commander-params__header">
              {item.text}
            </Title>
          </GridItem>
        ) : (
          <GridItem key={item.field.key} span={12} md={gridSpan(item.field)}>
            <Field field={item.field} props={props} />
          </GridItem>
        ),
      )}
    </Grid>
  );
}

/** Browser checks and server errors together, by field. */
export function mergeErrors(local: Record<string, string>, server: Record<string, string[]>, showLocal: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(server)) out[k] = [...v];
  if (showLocal) for (const [k, v] of Object.entries(local)) if (!out[k]?.length) out[k] = [v];
  return out;
}

