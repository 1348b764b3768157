/** A scenario: the people, their devices and the rooms a world starts from. Plain data, so lessons can hold it. */
import type { Locale } from '../contacts/phrases';
import type { PersonaChoice } from '../contacts/catalog';
import type { PersonaKind } from '../contacts/types';

export interface ScenarioPerson {
	localpart: string;
	displayName: string;
	/** Defaults to PHONE. */
	deviceId?: string;
	deviceName?: string;
	/** Set up cross-signing (default true). */
	crossSigning?: boolean;
	/**
	 * A scripted contact (contacts/): who this person is and how they behave, `'bob'` or with options,
	 * `{ kind: 'bob', options: { scansQr: true } }`. The learner has none. The attacker and the crowd come from
	 * `manInTheMiddle` and `crowd`.
	 */
	persona?: PersonaChoice<Exclude<PersonaKind, 'mitm' | 'crowd'>>;
}

export interface ScenarioRoom {
	/** How the scenario refers to the room (its id is made by the server). */
	key: string;
	name?: string;
	creator: string;
	/** Localparts of everyone in the room, the creator included. */
	members: string[];
	encrypted: boolean;
	direct?: boolean;
	public?: boolean;
	messages?: { from: string; body: string }[];
	/** Invited after the messages were sent (not joined): a latecomer persona joins a moment later. */
	invited?: string[];
}

export interface Scenario {
	/**
	 * The language contacts write and speak in from the start (what the set-up builds, such as the crowd room's
	 * name, follows it); otherwise the world's.
	 */
	locale?: Locale;
	/**
	 * "Exclude insecure devices" (2026 edition, MSC4153) is on for the learner's devices from the start: room keys go
	 * only to cross-signed devices, and messages from insecure devices are refused by the crypto library.
	 */
	excludeInsecureDevices?: boolean;
	people: ScenarioPerson[];
	rooms?: ScenarioRoom[];
	/**
	 * The server is compromised between these two people from the start, before either has seen the other's keys
	 * (the man-in-the-middle lesson): `victim` is handed an attacker's keys for `target`, and the other way round.
	 */
	manInTheMiddle?: { victim: string; target: string };
	/**
	 * A crowd room of this many people (built in the background after the rest). With `members`, the set-up waits
	 * for the crowd and these scenario people (localparts) are invited into its room and join it; the learner stays
	 * invited unless `learnerJoins`. The room id is returned under the key `crowd`.
	 */
	crowd?: { size: number; members?: string[]; learnerJoins?: boolean };
	/**
	 * Verifications done before the lesson starts, in this order: `who` verified `whom` by emoji (a real SAS, both
	 * pressed "They match"; it opens a DM between them if there is none). Contacts take it as history: their
	 * machines stay where they are (Dave and Erin idle, ready for their nudges).
	 */
	verified?: { who: string; whom: string }[];
}
