/**
 * A token bucket per client: `burst` requests at once, refilled at `perSecond`. A request over the limit learns how
 * long to wait (`retry_after_ms` of `M_LIMIT_EXCEEDED`).
 */
export interface RateLimit {
	perSecond: number;
	burst: number;
}

export class RateLimiter {
	private readonly buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		private readonly limit: RateLimit,
		private readonly now: () => number = Date.now
	) {}

	/** Takes one request from `key`'s bucket: 0 when allowed, else the milliseconds until one is allowed. */
	take(key: string): number {
		const now = this.now();
		if (this.buckets.size > 10_000) this.forgetFull(now);
		const { perSecond, burst } = this.limit;
		const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
		bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
		bucket.at = now;
		this.buckets.set(key, bucket);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
	}

	/** Drops buckets that have refilled completely (they would start full anyway). */
	private forgetFull(now: number): void {
		for (const [key, b] of this.buckets)
			if (b.tokens + ((now - b.at) / 1000) * this.limit.perSecond >= this.limit.burst)
				this.buckets.delete(key);
	}
}
