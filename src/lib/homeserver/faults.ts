/**
 * Faults a scenario injects: latency, a rate limit, dropped or delayed to-device messages, a device offline, and the
 * compromised server. `FaultControls` is the scenario's side; the rest of `Faults` is read by the server.
 */
import type { Accounts } from './accounts';
import type { CompromiseSpec } from './compromise';
import type { DeviceListTracker } from './device-lists';
import { deviceOffline, limitExceeded } from './errors';
import type { Device } from './model';
import type { Clock } from './types';

/** Which to-device messages a fault applies to. Every field given must match; `count` limits how many it takes. */
export interface ToDeviceFilter {
	/** Sending user id. */
	sender?: string;
	/** Receiving user id. */
	recipient?: string;
	eventType?: string;
	/** Apply to this many messages (one per receiving device), then expire. Default: no limit. */
	count?: number;
}

export interface RateLimit {
	/** Requests allowed per device per window. */
	requests: number;
	windowMs?: number;
}

export interface FaultControls {
	/** Delay every `Homeserver.request()` by `ms` (through the injected `sleep`). */
	setLatency(ms: number): void;
	/** Requests beyond the limit get 429 M_LIMIT_EXCEEDED until the window (on the injected clock) ends; null: off. */
	setRateLimit(limit: RateLimit | null): void;
	/** Matching messages vanish. */
	dropToDevice(filter?: ToDeviceFilter): void;
	/** Matching messages wait until the clock has advanced by `ms`. */
	delayToDevice(filter: ToDeviceFilter, ms: number): void;
	/** Removes every drop and delay rule (messages already delayed stay delayed). */
	clearToDeviceFaults(): void;
	/** Requests with the device's token fail with 503 while offline; its inbox keeps filling. */
	setDeviceOffline(userId: string, deviceId: string, offline: boolean): void;
	/** Starts a man-in-the-middle between two users (see `compromise.ts`); shadow devices come from `loginShadow`. */
	compromise(spec: CompromiseSpec): void;
	/** Ends the compromise. */
	heal(): void;
	readonly latencyMs: number;
	readonly activeCompromise: CompromiseSpec | undefined;
}

export type ToDeviceFate = { kind: 'deliver' } | { kind: 'drop' } | { kind: 'delay'; ms: number };

export interface ToDeviceRule {
	filter: ToDeviceFilter;
	fate: ToDeviceFate;
	remaining: number;
}

/** The switches as set (rate-limit windows are not kept: a restored server starts them afresh). */
export interface FaultsState {
	latency: number;
	rateLimit: Required<RateLimit> | undefined;
	toDeviceRules: ToDeviceRule[];
	offline: string[];
	compromise: CompromiseSpec | undefined;
}

const DEFAULT_RATE_WINDOW_MS = 1000;
const offlineKey = (userId: string, deviceId: string) => JSON.stringify([userId, deviceId]);

export class Faults implements FaultControls {
	private latency = 0;
	private rateLimit: Required<RateLimit> | undefined;
	private rateWindows = new WeakMap<Device, { start: number; count: number }>();
	private toDeviceRules: ToDeviceRule[] = [];
	private readonly offline = new Set<string>();
	private current: CompromiseSpec | undefined;

	constructor(
		private readonly clock: Clock,
		private readonly accounts: Accounts,
		private readonly deviceLists: DeviceListTracker
	) {}

	persist(): FaultsState {
		return {
			latency: this.latency,
			rateLimit: this.rateLimit,
			toDeviceRules: this.toDeviceRules,
			offline: [...this.offline],
			compromise: this.current
		};
	}

	restore(s: FaultsState): void {
		this.latency = s.latency;
		this.rateLimit = s.rateLimit;
		this.toDeviceRules = s.toDeviceRules;
		for (const key of s.offline) this.offline.add(key);
		this.current = s.compromise;
	}

	get latencyMs(): number {
		return this.latency;
	}

	get activeCompromise(): CompromiseSpec | undefined {
		return this.current;
	}

	setLatency(ms: number): void {
		this.latency = Math.max(0, ms);
	}

	setRateLimit(limit: RateLimit | null): void {
		this.rateLimit = limit
			? { requests: limit.requests, windowMs: limit.windowMs ?? DEFAULT_RATE_WINDOW_MS }
			: undefined;
		this.rateWindows = new WeakMap();
	}

	dropToDevice(filter: ToDeviceFilter = {}): void {
		this.addRule(filter, { kind: 'drop' });
	}

	delayToDevice(filter: ToDeviceFilter, ms: number): void {
		this.addRule(filter, { kind: 'delay', ms });
	}

	clearToDeviceFaults(): void {
		this.toDeviceRules = [];
	}

	setDeviceOffline(userId: string, deviceId: string, offline: boolean): void {
		if (!this.accounts.device(userId, 'real', deviceId))
			throw new Error(`Unknown device ${deviceId} of ${userId}.`);
		if (offline) this.offline.add(offlineKey(userId, deviceId));
		else this.offline.delete(offlineKey(userId, deviceId));
	}

	compromise(spec: CompromiseSpec): void {
		this.accounts.requireUser(spec.victim);
		this.accounts.requireUser(spec.target);
		if (spec.victim === spec.target) throw new Error('Victim and target must be different users.');
		this.heal();
		this.current = { victim: spec.victim, target: spec.target };
		this.reportBothWays(this.current);
	}

	heal(): void {
		if (!this.current) return;
		const ended = this.current;
		this.current = undefined;
		// Both re-query and get the real keys back.
		this.reportBothWays(ended);
	}

	/** Both sides must re-query each other's keys to see the switch. */
	private reportBothWays({ victim, target }: CompromiseSpec): void {
		this.deviceLists.reportChanged(victim, target);
		this.deviceLists.reportChanged(target, victim);
	}

	// --- read by the server ---

	/** Throws the error a request from `device` gets because of a fault (offline, rate limited), if any. */
	checkRequest(device: Device): void {
		if (this.isOffline(device)) throw deviceOffline(device.deviceId);
		if (!this.rateLimit) return;
		const now = this.clock.now();
		let window = this.rateWindows.get(device);
		if (!window || now - window.start >= this.rateLimit.windowMs) {
			this.rateWindows.set(device, (window = { start: now, count: 0 }));
		}
		if (window.count >= this.rateLimit.requests) {
			throw limitExceeded(Math.max(1, window.start + this.rateLimit.windowMs - now));
		}
		window.count++;
	}

	isOffline(device: Device): boolean {
		return device.realm === 'real' && this.offline.has(offlineKey(device.userId, device.deviceId));
	}

	/** What happens to one to-device message on its way to one device. The first matching rule takes it. */
	toDeviceFate(message: { sender: string; recipient: string; eventType: string }): ToDeviceFate {
		const rule = this.toDeviceRules.find(({ filter }) => matches(filter, message));
		if (!rule) return { kind: 'deliver' };
		if (--rule.remaining <= 0) this.toDeviceRules = this.toDeviceRules.filter((r) => r !== rule);
		return rule.fate;
	}

	private addRule(filter: ToDeviceFilter, fate: ToDeviceFate): void {
		this.toDeviceRules.push({ filter: { ...filter }, fate, remaining: filter.count ?? Infinity });
	}
}

function matches(
	filter: ToDeviceFilter,
	m: { sender: string; recipient: string; eventType: string }
): boolean {
	return (
		(filter.sender === undefined || filter.sender === m.sender) &&
		(filter.recipient === undefined || filter.recipient === m.recipient) &&
		(filter.eventType === undefined || filter.eventType === m.eventType)
	);
}
