/**
 * The personas the world can hold, each one's definition as its file exports it, and what a scenario, the sandbox
 * or a test says to add one: a `PersonaSpec`, `{ kind, options }`, whose options are the ones that persona's machine
 * takes. The spec travels unchanged from the scenario through the world to the contacts.
 */
import { bob } from './bob.machine';
import { carol } from './carol.machine';
import { crowd } from './crowd.machine';
import { dave } from './dave.machine';
import { erin } from './erin.machine';
import { latecomer } from './latecomer.machine';
import { mitm } from './mitm.machine';
import type { OptionsOf, PersonaDefinition } from './persona';
import type { PersonaKind } from './types';

export type { PersonaDefinition } from './persona';

export const PERSONAS = { bob, carol, dave, erin, latecomer, mitm, crowd } satisfies {
	[K in PersonaKind]: PersonaDefinition<K>;
};

/** The options of one persona (Bob's `scansQr`, Carol's `firstRequest`, the attacker's `target`, the crowd's `size`). */
export type PersonaOptions<K extends PersonaKind> = OptionsOf<(typeof PERSONAS)[K]>;

/** A persona and how it behaves. Only the options of that persona fit: `{ kind: 'carol', options: { scansQr } }` does not. */
export type PersonaSpec<K extends PersonaKind = PersonaKind> = {
	[Kind in K]: { kind: Kind; options?: PersonaOptions<Kind> };
}[K];

/** A spec, or only the persona's kind when it keeps its default behaviour. */
export type PersonaChoice<K extends PersonaKind = PersonaKind> = K | PersonaSpec<K>;

/** The spec of a choice (a bare kind has no options). */
export function personaSpec<K extends PersonaKind>(choice: PersonaChoice<K>): PersonaSpec<K> {
	return typeof choice === 'string' ? ({ kind: choice } as PersonaSpec<K>) : choice;
}

export const PERSONA_KINDS = Object.keys(PERSONAS) as PersonaKind[];

export function isPersonaKind(value: unknown): value is PersonaKind {
	return typeof value === 'string' && value in PERSONAS;
}
