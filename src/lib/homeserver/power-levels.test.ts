import { describe, expect, it } from 'vitest';
import { MatrixHttpError } from './errors';
import {
	initialPowerLevels,
	parsePowerLevels,
	powerLevelsChangeError,
	requiredLevel,
	userLevel
} from './power-levels';

const admin = '@admin:s';
const mod = '@mod:s';
const user = '@user:s';
const base = parsePowerLevels({ ...initialPowerLevels(admin, []), users: { [admin]: 100, [mod]: 50 } });
const change = (patch: Record<string, unknown>) =>
	parsePowerLevels({ ...initialPowerLevels(admin, []), users: { [admin]: 100, [mod]: 50 }, ...patch });

describe('power levels', () => {
	it('reads user levels and required levels with their defaults', () => {
		expect(userLevel(base, admin)).toBe(100);
		expect(userLevel(base, user)).toBe(0);
		expect(requiredLevel(base, 'm.room.encryption', true)).toBe(100);
		expect(requiredLevel(base, 'm.room.topic', true)).toBe(50);
		expect(requiredLevel(base, 'm.room.message', false)).toBe(0);
		expect(parsePowerLevels({}).levels).toEqual({
			users_default: 0,
			events_default: 0,
			state_default: 50,
			invite: 0,
			kick: 50,
			ban: 50,
			redact: 50
		});
	});

	it('a new room: only its admins change encryption, power levels, history visibility and join rules', () => {
		const fresh = parsePowerLevels(initialPowerLevels(admin, [mod]));
		for (const type of [
			'm.room.encryption',
			'm.room.power_levels',
			'm.room.history_visibility',
			'm.room.join_rules'
		])
			expect(requiredLevel(fresh, type, true), type).toBe(100);
		expect(requiredLevel(fresh, 'm.room.name', true)).toBe(50);
		expect(userLevel(fresh, admin)).toBe(100);
		expect(userLevel(fresh, mod)).toBe(100);
		expect(userLevel(fresh, user)).toBe(0);
	});

	it('refuses non-integer levels with M_BAD_JSON', () => {
		for (const bad of [{ users: { [user]: '5' } }, { events: [] }, { ban: 1.5 }, { users: 3 }]) {
			try {
				parsePowerLevels(bad as never);
				expect.unreachable();
			} catch (e) {
				expect((e as MatrixHttpError).errcode).toBe('M_BAD_JSON');
			}
		}
	});

	it('lets a sender change what is at or below their level, never above', () => {
		expect(
			powerLevelsChangeError(base, change({ users: { [admin]: 100, [mod]: 50, [user]: 50 } }), mod)
		).toBeUndefined();
		expect(
			powerLevelsChangeError(base, change({ users: { [admin]: 100, [mod]: 50, [user]: 60 } }), mod)
		).toMatch(/raise/);
		expect(powerLevelsChangeError(base, change({ users: { [admin]: 100 } }), mod)).toBeUndefined(); // demoting oneself
		expect(powerLevelsChangeError(base, change({ users: { [admin]: 10, [mod]: 50 } }), mod)).toMatch(
			/level of @admin/
		);
		expect(powerLevelsChangeError(base, change({ ban: 40 }), mod)).toBeUndefined();
		expect(powerLevelsChangeError(base, change({ ban: 70 }), mod)).toMatch(/ban/);
		expect(powerLevelsChangeError(base, change({ events: { 'm.room.encryption': 50 } }), mod)).toMatch(
			/m.room.encryption/
		);
		expect(
			powerLevelsChangeError(base, change({ events: { 'm.room.encryption': 50 } }), admin)
		).toBeUndefined();
	});
});
