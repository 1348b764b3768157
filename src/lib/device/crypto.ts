import { initAsync } from '@matrix-org/matrix-sdk-crypto-wasm';

let ready: Promise<void> | undefined;

/** Loads the crypto WASM once per JS realm (worker or Node). Every other call waits for the same load. */
export function initCrypto(): Promise<void> {
	ready ??= initAsync();
	return ready;
}
