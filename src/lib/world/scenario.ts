/** A scenario: the people, their devices and the rooms a world starts from. Plain data, so lessons can hold it. */

export interface ScenarioPerson {
	localpart: string;
	displayName: string;
	/** Defaults to PHONE. */
	deviceId?: string;
	deviceName?: string;
	/** Set up cross-signing (default true). */
	crossSigning?: boolean;
	/**
	 * Accepts verification requests and confirms matching emoji by itself, after a short delay. A stand-in for the
	 * scripted personas of contacts/ (issue 4), so the sandbox can be practised before they exist.
	 */
	autoAccept?: boolean;
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
}

export interface Scenario {
	people: ScenarioPerson[];
	rooms?: ScenarioRoom[];
	/**
	 * The server is compromised between these two people from the start, before either has seen the other's keys
	 * (the man-in-the-middle lesson): `victim` is handed an attacker's keys for `target`, and the other way round.
	 */
	manInTheMiddle?: { victim: string; target: string };
}
