/**
 * An update expression from plain fields: `set` writes each field (an undefined value removes
 * it), `remove` removes more attributes. Every name goes through a placeholder, so reserved
 * words (`status`, `state`, `capacity`) need no care; conditions may use the same `#name` and
 * add their own names and values next to these.
 */
export function updateExpression(
  set: Record<string, unknown>,
  remove: readonly string[] = [],
): {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [name, value] of Object.entries(set)) {
    names[`#${name}`] = name;
    if (value === undefined) {
      removes.push(`#${name}`);
    } else {
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
  }
  for (const name of remove) {
    names[`#${name}`] = name;
    removes.push(`#${name}`);
  }
  const clauses = [
    ...(sets.length ? [`SET ${sets.join(', ')}`] : []),
    ...(removes.length ? [`REMOVE ${removes.join(', ')}`] : []),
  ];
  return {
    UpdateExpression: clauses.join(' '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
