/**
 * The personas the world can hold: each one's machine, its description for instructors, what it lets the learner
 * say, and its default name.
 */
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { bobDescription, bobMachine, bobOffers } from './bob.machine';
import { carolDescription, carolMachine, carolOffers } from './carol.machine';
import { crowdDescription, crowdMachine, crowdOffers } from './crowd.machine';
import { daveDescription, daveMachine, daveOffers } from './dave.machine';
import { erinDescription, erinMachine, erinOffers } from './erin.machine';
import { latecomerDescription, latecomerMachine, latecomerOffers } from './latecomer.machine';
import { mitmDescription, mitmMachine, mitmOffers } from './mitm.machine';
import type { Locale, PhraseKey } from './phrases';
import type { PersonaKind } from './types';

export interface PersonaDefinition {
	kind: PersonaKind;
	machine: AnyStateMachine;
	description: Record<Locale, string>;
	offers: (snapshot: AnyMachineSnapshot) => { chat: PhraseKey[]; call: PhraseKey[] };
	/** A person of their own (not the attacker, not the crowd). */
	person?: { localpart: string; displayName: string };
	/** Can be phoned (the call panel). */
	takesCalls: boolean;
}

type Offers = PersonaDefinition['offers'];

export const PERSONAS: Record<PersonaKind, PersonaDefinition> = {
	bob: {
		kind: 'bob',
		machine: bobMachine,
		description: bobDescription,
		offers: bobOffers as Offers,
		person: { localpart: 'bob', displayName: 'Bob' },
		takesCalls: true
	},
	carol: {
		kind: 'carol',
		machine: carolMachine,
		description: carolDescription,
		offers: carolOffers as Offers,
		person: { localpart: 'carol', displayName: 'Carol' },
		takesCalls: true
	},
	dave: {
		kind: 'dave',
		machine: daveMachine,
		description: daveDescription,
		offers: daveOffers as Offers,
		person: { localpart: 'dave', displayName: 'Dave' },
		takesCalls: true
	},
	erin: {
		kind: 'erin',
		machine: erinMachine,
		description: erinDescription,
		offers: erinOffers as Offers,
		person: { localpart: 'erin', displayName: 'Erin' },
		takesCalls: true
	},
	latecomer: {
		kind: 'latecomer',
		machine: latecomerMachine,
		description: latecomerDescription,
		offers: latecomerOffers as Offers,
		person: { localpart: 'frank', displayName: 'Frank' },
		takesCalls: true
	},
	mitm: {
		kind: 'mitm',
		machine: mitmMachine,
		description: mitmDescription,
		offers: mitmOffers as Offers,
		takesCalls: false
	},
	crowd: {
		kind: 'crowd',
		machine: crowdMachine,
		description: crowdDescription,
		offers: crowdOffers as Offers,
		takesCalls: false
	}
};

export const PERSONA_KINDS = Object.keys(PERSONAS) as PersonaKind[];

export function isPersonaKind(value: unknown): value is PersonaKind {
	return typeof value === 'string' && value in PERSONAS;
}
