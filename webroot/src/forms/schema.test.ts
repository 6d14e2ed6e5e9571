import { describe, expect, it } from 'vitest';
import {
  autoselect,
  controlOf,
  fieldsOf,
  gridSpan,
  initialState,
  inputType,
  isList,
  isReadOnly,
  isRequired,
  parseSchema,
  recordFree,
  recordLabel,
  sampleValues,
  serverErrors,
  toValues,
  validate,
  type CatalogChoices,
  type ParamField,
} from './schema';

const one = (raw: Record<string, unknown>): ParamField => fieldsOf(parseSchema([raw]))[0];

const SUBNETS: CatalogChoices = {
  id: 'c1',
  slug: 'subnets',
  name: 'Subnets',
  usage: 'exclusive',
  params: [
    { key: 'cidr', type: 'string', title: 'CIDR', identifier: true },
    { key: 'zone', type: 'string', title: 'Zone' },
  ],
  records: [
    { id: 'r1', catalog_id: 'c1', cluster_id: 'other-cluster', values: { cidr: '10.0.1.0/24', zone: 'a' } },
    { id: 'r2', catalog_id: 'c1', cluster_id: null, values: { cidr: '10.0.2.0/24', zone: 'b' } },
    { id: 'r3', catalog_id: 'c1', cluster_id: null, values: { cidr: '10.0.3.0/24', zone: 'c' } },
  ],
};

describe('the schema form', () => {
  it('reads headers and fields, skipping what is not either', () => {
    const items = parseSchema([{ header: 'Network' }, { key: 'domain', type: 'string', title: 'Domain' }, 'junk', { type: 'string' }]);
    expect(items).toHaveLength(2);
    expect(items[0]).toEqual({ kind: 'header', text: 'Network' });
    expect(items[1].kind).toBe('field');
    expect(parseSchema(null)).toEqual([]);
  });

  it('key, title and description: the title labels the field, the key when it is missing', () => {
    expect(one({ key: 'domain', type: 'string', title: 'Domain', description: 'The\ncluster domain' })).toMatchObject({ title: 'Domain', description: 'The\ncluster domain' });
    expect(one({ key: 'domain', type: 'string' }).title).toBe('domain');
  });

  it('type: string, number and boolean get a text input, a number input and a switch', () => {
    expect(controlOf(one({ key: 'a', type: 'string', title: 'A' }))).toBe('text');
    expect(controlOf(one({ key: 'a', type: 'number', title: 'A' }))).toBe('number');
    expect(controlOf(one({ key: 'a', type: 'boolean', title: 'A' }))).toBe('switch');
    expect(inputType(one({ key: 'a', type: 'number', title: 'A' }))).toBe('number');
  });

  it('type: values go to the API as strings, numbers and booleans', () => {
    const items = parseSchema([
      { key: 's', type: 'string', title: 'S' },
      { key: 'n', type: 'number', title: 'N' },
      { key: 'b', type: 'boolean', title: 'B' },
    ]);
    expect(toValues(items, { s: 'x', n: '3.5', b: true })).toEqual({ s: 'x', n: 3.5, b: true });
    expect(toValues(items, { s: 'x', n: 'three', b: false })).toEqual({ s: 'x', n: 'three', b: false });
    expect(validate(items, { s: 'x', n: 'three', b: false })).toEqual({ n: 'must be a number' });
  });

  it('format: password is masked and its answered mask is sent back as it is; email and url get their input types', () => {
    const password = one({ key: 'p', type: 'string', title: 'P', format: 'password' });
    expect(controlOf(password)).toBe('password');
    expect(inputType(password)).toBe('password');
    const items = parseSchema([{ key: 'p', type: 'string', title: 'P', format: 'password', minLength: 8 }]);
    expect(initialState(items, { p: '****' })).toEqual({ p: '****' });
    expect(toValues(items, { p: '****' })).toEqual({ p: '****' });
    expect(validate(items, { p: '****' })).toEqual({});
    expect(inputType(one({ key: 'e', type: 'string', title: 'E', format: 'email' }))).toBe('email');
    expect(inputType(one({ key: 'u', type: 'string', title: 'U', format: 'url' }))).toBe('url');
  });

  it('span: 1 to 4 of the 4-column grid, full width when left out', () => {
    expect(gridSpan(one({ key: 'a', type: 'string', title: 'A', span: 1 }))).toBe(3);
    expect(gridSpan(one({ key: 'a', type: 'string', title: 'A', span: 2 }))).toBe(6);
    expect(gridSpan(one({ key: 'a', type: 'string', title: 'A' }))).toBe(12);
    expect(gridSpan(one({ key: 'a', type: 'string', title: 'A', span: 9 }))).toBe(12);
  });

  it('default: fills the form; a field with a default is not required', () => {
    const items = parseSchema([
      { key: 'subnet', type: 'string', title: 'Subnet', default: '10.111.0.0/16' },
      { key: 'masters', type: 'number', title: 'Masters', default: 3 },
      { key: 'ha', type: 'boolean', title: 'HA', default: true },
    ]);
    expect(initialState(items)).toEqual({ subnet: '10.111.0.0/16', masters: '3', ha: true });
    expect(fieldsOf(items).map(isRequired)).toEqual([false, false, false]);
    // Editing starts from the cluster's values, not the defaults.
    expect(initialState(items, { subnet: '10.5.0.0/16', masters: 1, ha: false })).toEqual({ subnet: '10.5.0.0/16', masters: '1', ha: false });
  });

  it('required and optional: an empty required field is an error; an empty optional one is left out', () => {
    const items = parseSchema([
      { key: 'domain', type: 'string', title: 'Domain' },
      { key: 'note', type: 'string', title: 'Note', optional: true },
    ]);
    expect(validate(items, { domain: '', note: '' })).toEqual({ domain: 'is required' });
    expect(toValues(items, { domain: 'a.example.com', note: '' })).toEqual({ domain: 'a.example.com' });
  });

  it('an emptied field is removed (null) when editing', () => {
    const items = parseSchema([{ key: 'note', type: 'string', title: 'Note', optional: true }]);
    expect(toValues(items, { note: '' }, [], { note: 'old' })).toEqual({ note: null });
    expect(toValues(items, { note: '' }, [], {})).toEqual({});
  });

  it('immutable: editable when creating and while still empty, read-only once set', () => {
    const f = one({ key: 'podSubnet', type: 'string', title: 'Pod subnet', immutable: true });
    expect(isReadOnly(f, 'create', undefined)).toBe(false);
    expect(isReadOnly(f, 'edit', { podSubnet: '' })).toBe(false);
    expect(isReadOnly(f, 'edit', { podSubnet: '10.0.0.0/16' })).toBe(true);
    expect(isReadOnly(one({ key: 'x', type: 'string', title: 'X' }), 'edit', { x: 'set' })).toBe(false);
  });

  it('enum: a select of the listed values, sent as the value itself', () => {
    const items = parseSchema([{ key: 'channel', type: 'string', title: 'Channel', enum: ['Alpha', 'Stable'], default: 'Stable' }]);
    expect(controlOf(fieldsOf(items)[0])).toBe('enum');
    expect(initialState(items)).toEqual({ channel: '1' });
    expect(toValues(items, { channel: '0' })).toEqual({ channel: 'Alpha' });
    expect(initialState(items, { channel: 'Alpha' })).toEqual({ channel: '0' });
  });

  it('select: human text with any JSON value, matched back by value', () => {
    const options = [
      { text: 'Small', value: { cpu: 2, memory: 4 } },
      { text: 'Large', value: { cpu: 8, memory: 32 } },
    ];
    const items = parseSchema([{ key: 'size', type: 'string', title: 'Size', select: options }]);
    expect(controlOf(fieldsOf(items)[0])).toBe('select');
    expect(toValues(items, { size: '1' })).toEqual({ size: { cpu: 8, memory: 32 } });
    expect(initialState(items, { size: { memory: 4, cpu: 2.0 } })).toEqual({ size: '0' });
    expect(validate(items, { size: '' })).toEqual({ size: 'is required' });
  });

  it('catalog: picks a record, sent with its values and x-commander-record-id', () => {
    const items = parseSchema([{ key: 'subnet', title: 'Subnet', catalog: 'subnets', span: 2 }]);
    const field = fieldsOf(items)[0];
    expect(field.type).toBe('record');
    expect(controlOf(field)).toBe('catalog');
    expect(toValues(items, { subnet: 'r2' }, [SUBNETS])).toEqual({ subnet: { cidr: '10.0.2.0/24', zone: 'b', 'x-commander-record-id': 'r2' } });
    expect(initialState(items, { subnet: { cidr: '10.0.2.0/24', 'x-commander-record-id': 'r2' } })).toEqual({ subnet: 'r2' });
  });

  it('catalog: exclusive records held by another cluster cannot be picked; shared ones always can', () => {
    expect(recordFree(SUBNETS, SUBNETS.records[0])).toBe(false);
    expect(recordFree(SUBNETS, SUBNETS.records[0], 'other-cluster')).toBe(true);
    expect(recordFree({ ...SUBNETS, usage: 'shared' }, SUBNETS.records[0])).toBe(true);
  });

  it('identifier: a record in one line is its identifier fields, else all but identifier: false', () => {
    expect(recordLabel(SUBNETS.params, SUBNETS.records[1])).toBe('10.0.2.0/24');
    const params = [
      { key: 'host', type: 'string', title: 'Host' },
      { key: 'port', type: 'number', title: 'Port' },
      { key: 'secret', type: 'string', title: 'Secret', identifier: false },
    ];
    expect(recordLabel(params, { id: 'x', catalog_id: 'c', cluster_id: null, values: { host: 'a', port: 22, secret: 's' } })).toBe('a · 22');
  });

  it('autoselect: an empty field gets the first free record, each record once', () => {
    const items = parseSchema([
      { key: 'a', title: 'A', catalog: 'subnets', autoselect: true },
      { key: 'b', title: 'B', catalog: 'subnets', autoselect: true },
      { key: 'c', title: 'C', catalog: 'subnets' },
    ]);
    expect(autoselect(items, { a: '', b: '', c: '' }, [SUBNETS])).toEqual({ a: 'r2', b: 'r3', c: '' });
    expect(autoselect(items, { a: 'r3', b: '', c: '' }, [SUBNETS])).toEqual({ a: 'r3', b: 'r2', c: '' });
  });

  it('minItems and maxItems: a list, started with minItems entries, its length checked', () => {
    const items = parseSchema([{ key: 'hosts', type: 'string', title: 'Hosts', minItems: 1, maxItems: 3, format: 'ipv4' }]);
    const field = fieldsOf(items)[0];
    expect(isList(field)).toBe(true);
    expect(isList(one({ key: 'x', type: 'string', title: 'X', minItems: 1 }))).toBe(false);
    expect(initialState(items)).toEqual({ hosts: [''] });
    expect(initialState(items, { hosts: ['10.0.0.1', '10.0.0.2'] })).toEqual({ hosts: ['10.0.0.1', '10.0.0.2'] });
    expect(toValues(items, { hosts: ['10.0.0.1', '', '10.0.0.3'] })).toEqual({ hosts: ['10.0.0.1', '10.0.0.3'] });
    expect(validate(items, { hosts: [''] })).toEqual({ hosts: 'needs 1 to 3 items' });
    expect(validate(items, { hosts: ['a', 'b', 'c', 'd'] })).toEqual({ hosts: 'needs 1 to 3 items' });
    expect(validate(items, { hosts: ['a'] })).toEqual({});
  });

  it('a list of catalog records', () => {
    const items = parseSchema([{ key: 'nets', title: 'Nets', catalog: 'subnets', minItems: 2, maxItems: 2, autoselect: true }]);
    expect(initialState(items)).toEqual({ nets: ['', ''] });
    expect(autoselect(items, initialState(items), [SUBNETS])).toEqual({ nets: ['r2', 'r3'] });
    expect(toValues(items, { nets: ['r2', 'r3'] }, [SUBNETS])).toEqual({
      nets: [
        { cidr: '10.0.2.0/24', zone: 'b', 'x-commander-record-id': 'r2' },
        { cidr: '10.0.3.0/24', zone: 'c', 'x-commander-record-id': 'r3' },
      ],
    });
  });

  it('min and max: numbers out of range are errors', () => {
    const items = parseSchema([{ key: 'masters', type: 'number', title: 'Masters', min: 1, max: 5 }]);
    expect(validate(items, { masters: '0' })).toEqual({ masters: 'must be at least 1' });
    expect(validate(items, { masters: '9' })).toEqual({ masters: 'must be at most 5' });
    expect(validate(items, { masters: '3' })).toEqual({});
  });

  it('minLength, maxLength and pattern: strings are checked', () => {
    const items = parseSchema([{ key: 'name', type: 'string', title: 'Name', minLength: 3, maxLength: 5, pattern: '^[a-z]+$' }]);
    expect(validate(items, { name: 'ab' })).toEqual({ name: 'must be at least 3 characters long' });
    expect(validate(items, { name: 'abcdef' })).toEqual({ name: 'must be at most 5 characters long' });
    expect(validate(items, { name: 'AB1' })).toEqual({ name: 'does not match the pattern ^[a-z]+$' });
    expect(validate(items, { name: 'abc' })).toEqual({});
  });

  it('unique is kept for the server to check across clusters', () => {
    expect(one({ key: 'domain', type: 'string', title: 'Domain', unique: true }).unique).toBe(true);
  });

  it("the server's errors go next to their fields: render errors and problem+json pointers", () => {
    const items = parseSchema([
      { key: 'masters', type: 'number', title: 'Masters' },
      { key: 'hosts', type: 'string', title: 'Hosts', minItems: 1, maxItems: 3 },
    ]);
    const placed = serverErrors(
      items,
      [
        { section: 'values', message: 'masters: must be at most 5' },
        { section: 'values', message: 'hosts[1]: is not a valid IPv4 address' },
        { section: 'placement', line: 4, message: 'unknown field' },
        { section: 'values', message: 'extra: is not a parameter of this template version' },
      ],
      [{ field: '/values/masters', message: 'is immutable: it was set once and cannot change' }, { field: '/name', message: 'is taken' }],
    );
    expect(placed.fields).toEqual({
      masters: ['must be at most 5', 'is immutable: it was set once and cannot change'],
      hosts: ['item 2 is not a valid IPv4 address'],
    });
    expect(placed.other).toEqual(['placement line 4: unknown field', 'extra: is not a parameter of this template version', '/name: is taken']);
  });

  it('sample values for the template preview: defaults, else a value of each kind', () => {
    const items = parseSchema([
      { header: 'All kinds' },
      { key: 's', type: 'string', title: 'S' },
      { key: 'd', type: 'string', title: 'D', default: 'given' },
      { key: 'n', type: 'number', title: 'N', min: 3 },
      { key: 'b', type: 'boolean', title: 'B' },
      { key: 'e', type: 'string', title: 'E', enum: ['x', 'y'] },
      { key: 'sel', type: 'string', title: 'Sel', select: [{ text: 'One', value: 1 }] },
      { key: 'net', title: 'Net', catalog: 'subnets' },
      { key: 'ips', type: 'string', title: 'IPs', format: 'ipv4', minItems: 2, maxItems: 3 },
    ]);
    expect(sampleValues(items, [SUBNETS])).toEqual({
      s: 'example',
      d: 'given',
      n: 3,
      b: false,
      e: 'x',
      sel: 1,
      net: { cidr: '10.0.1.0/24', zone: 'a', 'x-commander-record-id': 'r1' },
      ips: ['10.0.0.1', '10.0.0.1'],
    });
  });
});
