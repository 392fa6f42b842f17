// The report format names, apart from their renderers: the command line needs only the names, and
// loading every renderer (xmlbuilder2 for JUnit among them) would slow every start-up.
export const FORMAT_NAMES = ['terminal', 'json', 'junit', 'sarif', 'html', 'md'] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];
