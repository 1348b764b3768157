/**
 * `m.room.power_levels`: parsing, the level a user has and an event needs, and the authorisation rules for
 * changing the power levels themselves (spec, room version 10 auth rules, step 10).
 */
import { badJson } from './errors';
import { isJsonObject, own, type JsonObject } from './json';

export interface PowerLevels {
	users: ReadonlyMap<string, number>;
	events: ReadonlyMap<string, number>;
	/** users_default, events_default, state_default, invite, kick, ban, redact. */
	levels: Readonly<Record<LevelField, number>>;
}

const LEVEL_DEFAULTS = {
	users_default: 0,
	events_default: 0,
	state_default: 50,
	invite: 0,
	kick: 50,
	ban: 50,
	redact: 50
} as const;
type LevelField = keyof typeof LEVEL_DEFAULTS;
const LEVEL_FIELDS = Object.keys(LEVEL_DEFAULTS) as LevelField[];

export const CREATOR_LEVEL = 100;

/** The content a new room starts with (before the creator's `power_level_content_override`). */
export function initialPowerLevels(creator: string, extraAdmins: readonly string[]): JsonObject {
	return {
		users: Object.fromEntries([creator, ...extraAdmins].map((u) => [u, CREATOR_LEVEL])),
		events: {
			'm.room.encryption': 100,
			'm.room.power_levels': 100,
			'm.room.history_visibility': 100,
			'm.room.name': 50,
			'm.room.join_rules': 100
		},
		// A new room states every level, at the spec's defaults.
		...LEVEL_DEFAULTS
	};
}

/** Parses power levels content; anything that is not an integer level is 400 M_BAD_JSON. */
export function parsePowerLevels(content: JsonObject): PowerLevels {
	const levels = Object.fromEntries(
		LEVEL_FIELDS.map((field) => [field, levelOf(own(content, field), field) ?? LEVEL_DEFAULTS[field]])
	) as Record<LevelField, number>;
	return { users: levelMap(content, 'users'), events: levelMap(content, 'events'), levels };
}

function levelOf(value: unknown, what: string): number | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isSafeInteger(value))
		throw badJson(`Power level ${what} must be an integer.`);
	return value;
}

function levelMap(content: JsonObject, field: 'users' | 'events'): Map<string, number> {
	const value = own(content, field);
	if (value === undefined) return new Map();
	if (!isJsonObject(value)) throw badJson(`Power levels '${field}' must be an object.`);
	return new Map(Object.entries(value).map(([key, level]) => [key, levelOf(level, `${field}.${key}`) ?? 0]));
}

export const userLevel = (pl: PowerLevels, userId: string): number =>
	pl.users.get(userId) ?? pl.levels.users_default;

export const requiredLevel = (pl: PowerLevels, eventType: string, isState: boolean): number =>
	pl.events.get(eventType) ?? (isState ? pl.levels.state_default : pl.levels.events_default);

/**
 * Why `sender` may not change the power levels from `old` to `next`, or undefined if they may:
 * nobody can raise anything above their own level, nor change a level that is above theirs, nor change the level
 * of another user who is at least as powerful.
 */
export function powerLevelsChangeError(
	old: PowerLevels,
	next: PowerLevels,
	sender: string
): string | undefined {
	const mine = userLevel(old, sender);
	const tooHigh = (value: number | undefined) => value !== undefined && value > mine;
	for (const field of LEVEL_FIELDS) {
		const [before, after] = [old.levels[field], next.levels[field]];
		if (before !== after && (tooHigh(before) || tooHigh(after)))
			return `Cannot change ${field} above your level.`;
	}
	for (const [type, before, after] of changes(old.events, next.events)) {
		if (tooHigh(before) || tooHigh(after)) return `Cannot change the level of ${type} above your level.`;
	}
	for (const [user, before, after] of changes(old.users, next.users)) {
		if (tooHigh(after)) return `Cannot raise ${user} above your own level.`;
		if (user !== sender && before !== undefined && before >= mine)
			return `Cannot change the level of ${user}.`;
	}
	return undefined;
}

/** Entries added, changed or removed between two maps: [key, before, after]. */
function changes(
	before: ReadonlyMap<string, number>,
	after: ReadonlyMap<string, number>
): [string, number | undefined, number | undefined][] {
	const keys = new Set([...before.keys(), ...after.keys()]);
	return [...keys]
		.map((key): [string, number | undefined, number | undefined] => [key, before.get(key), after.get(key)])
		.filter(([, a, b]) => a !== b);
}
