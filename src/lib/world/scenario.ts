/** A scenario: the people, their devices and the rooms a world starts from. Plain data, so lessons can hold it. */

export interface ScenarioPerson {
	localpart: string;
	displayName: string;
	/** Defaults to PHONE. */
	deviceId?: string;
	deviceName?: string;
	/** Set up cross-signing (default true). */
	crossSigning?: boolean;
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
}
