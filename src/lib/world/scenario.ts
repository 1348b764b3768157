/** A scenario: the people, their devices and the rooms a world starts from. Plain data, so lessons can hold it. */
import type { PersonaKind } from '../contacts/types';

export interface ScenarioPerson {
	localpart: string;
	displayName: string;
	/** Defaults to PHONE. */
	deviceId?: string;
	deviceName?: string;
	/** Set up cross-signing (default true). */
	crossSigning?: boolean;
	/** A scripted contact (contacts/): who this person is and how they behave. The learner has none. */
	persona?: Exclude<PersonaKind, 'mitm' | 'crowd'>;
	/** Carol: what she does with the first request (default: ignore it). */
	firstRequest?: 'ignore' | 'decline';
	/** Bob: scans the learner's QR code with his phone (the QR lesson). */
	scansQr?: boolean;
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
	people: ScenarioPerson[];
	rooms?: ScenarioRoom[];
	/**
	 * The server is compromised between these two people from the start, before either has seen the other's keys
	 * (the man-in-the-middle lesson): `victim` is handed an attacker's keys for `target`, and the other way round.
	 */
	manInTheMiddle?: { victim: string; target: string };
	/** A crowd room of this many people (built in the background after the rest). */
	crowd?: { size: number };
}
