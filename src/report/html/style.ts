// The report's stylesheet, inlined into the page (no external resources).
export const STYLE = `
:root { --fail: #c62828; --ok: #2e7d32; --warn: #ef6c00; --muted: #666; --patch: #5c6bc0; --fixture: #00897b; --sleep: #f9a825; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem 1.5rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
td.id, .mono { font-family: ui-monospace, monospace; word-break: break-all; }
.verdict { font-weight: 600; } .v-fail, .v-hang { color: var(--fail); } .v-pass { color: var(--ok); }
.v-flaky, .v-timing-sensitive, .v-order-dependent { color: var(--warn); }
.sev-error { color: var(--fail); font-weight: 600; } .sev-warning { color: var(--warn); } .sev-info { color: var(--muted); }
pre.src { background: #f6f8fa; padding: .5rem; overflow-x: auto; font-size: 12px; }
pre.src .hit { background: #fff3b0; display: block; } pre.src .ln { color: var(--muted); user-select: none; }
details { margin: .4rem 0; } summary { cursor: pointer; } .muted { color: var(--muted); }
svg text { font: 11px system-ui, sans-serif; } svg .label { fill: #333; }
#filter { width: 100%; padding: .3rem; margin: .5rem 0; }
.hidden { display: none; }
`;
