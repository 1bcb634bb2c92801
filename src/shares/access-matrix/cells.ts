import { expect } from "bun:test";
import type { Case, Outcome, RequestSpec } from "./cases.ts";
import {
  audienceOf,
  imageSubjects,
  listSubjects,
  roleLabels,
  roles,
  subjectLabels,
  thingSubjects,
  viewers,
  type Audiences,
  type Role,
  type Subject,
  type World,
} from "./world.ts";

/** One cell of the matrix: a row of the table, an object and a role, with the expected outcome. */
export interface Cell {
  row: Case;
  subject: Subject;
  role: Role;
  expected: Outcome;
  name: string;
}

function cellName(row: Case, subject: Subject, role: Role, expected: Outcome): string {
  const who = roleLabels[role];
  const endpoint = row.variant ? `${row.route} (${row.variant})` : row.route;
  const object = subjectLabels[subject];
  if (typeof expected === "number") return `${who} gets ${expected} for ${endpoint}${object ? ` on ${object}` : ""}`;
  return `${who} ${expected === "included" ? "gets" : "does not get"} ${object} in ${endpoint}`;
}

/** List the cells of `rows` under `audiences`, optionally only those about `subjects`. */
export function cellsOf(rows: readonly Case[], audiences: Audiences, subjects?: readonly Subject[]): Cell[] {
  return rows.flatMap((row) =>
    row.subjects
      .filter((subject) => subjects === undefined || subjects.includes(subject))
      .flatMap((subject) =>
        (row.roles ?? roles).map((role) => {
          const expected = row.expect(audienceOf(audiences, subject), role);
          return { row, subject, role, expected, name: cellName(row, subject, role, expected) };
        }),
      ),
  );
}

/**
 * List the text that `role` must never receive in any response. That is the names, property
 * names and values, picture hashes and file names of objects hidden from them. Private notes
 * are hidden from all but the owner, and the owner's full name from those who may not see the
 * card. Every e-mail address but their own is hidden too.
 */
export function hiddenMarkers(world: World, audiences: Audiences, role: Role): string[] {
  const hidden = (subject: Subject) => role === "anonymous" || !audienceOf(audiences, subject).has(role);
  const markers: string[] = [];
  for (const subject of thingSubjects) {
    const thing = world.things[subject];
    if (hidden(subject)) markers.push(thing.name, thing.propertyName, thing.propertyValue);
    if (role !== "owner") markers.push(thing.privateNote);
  }
  for (const subject of imageSubjects) {
    if (hidden(subject)) markers.push(world.images[subject].hash, world.images[subject].name);
  }
  for (const subject of listSubjects) {
    if (hidden(subject)) markers.push(world.lists[subject].name);
  }
  if (hidden("ownerProfile")) markers.push(world.ownerFullName);
  for (const viewer of [...viewers, "bystander"] as const) {
    if (viewer !== role) markers.push(world.users[viewer].email);
  }
  return markers;
}

interface Answer {
  status: number;
  text: string;
  json: boolean;
}

/**
 * Responses of rows with `sharedRequest`, by role and path. Make a new one whenever the world
 * changes, so that the first cell after a change sends a new request.
 */
export type SharedAnswers = Map<string, Promise<Answer>>;

async function send(world: World, role: Role, spec: RequestSpec): Promise<Answer> {
  const cookie = role === "anonymous" ? undefined : world.users[role].cookie;
  const response = await world.t.request(spec.method, spec.path, { cookie, body: spec.body });
  const text = await response.text();
  return { status: response.status, text, json: response.headers.get("content-type")?.includes("json") ?? false };
}

/** Send the cell's request as its role and check the status, the body and that nothing leaks. */
export async function checkCell(world: World, audiences: Audiences, cell: Cell, shared: SharedAnswers): Promise<void> {
  const { row, subject, role, expected } = cell;
  const spec = await row.request(world, subject, role);
  let answer: Promise<Answer>;
  if (row.sharedRequest) {
    const key = `${role} ${spec.method} ${spec.path}`;
    answer = shared.get(key) ?? send(world, role, spec);
    shared.set(key, answer);
  } else {
    answer = send(world, role, spec);
  }
  const { status: received, text, json } = await answer;

  const status = typeof expected === "number" ? expected : 200;
  expect(`${received} ${text}`).toStartWith(`${status} `);
  if (typeof expected !== "number") {
    expect(row.includes!(JSON.parse(text), world, subject)).toBe(expected === "included");
  }
  if (json && status < 300 && role !== "anonymous" && row.verifyBody) {
    row.verifyBody(JSON.parse(text), world, role, audiences, subject);
  }
  if (json) {
    for (const marker of hiddenMarkers(world, audiences, role)) expect(text).not.toContain(marker);
  }
  await spec.verify?.();
}
