/** Made by scripts/sas-emoji-pictures.ts: URLs of the SAS emoji pictures by index, one set per side. */
declare module 'virtual:sas-emoji-pictures' {
	const pictures: { screen: string[]; phone: string[] };
	export default pictures;
}
