import { getContext, setContext } from 'svelte';

/**
 * A Svelte context holding one value of type T: `set` stores it for the component's children, `get` reads it and
 * throws `missing` where no parent component set it.
 */
export function typedContext<T>(name: string, missing: string): { set: (value: T) => T; get: () => T } {
	const key = Symbol(name);
	return {
		set: (value) => setContext(key, value),
		get: () => {
			const value = getContext<T | undefined>(key);
			if (!value) throw new Error(missing);
			return value;
		}
	};
}
