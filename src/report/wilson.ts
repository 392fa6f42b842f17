// The failure-rate interval lives with the analyses that use it (check/); reports read it from there.
export * from '../check/wilson.js';
