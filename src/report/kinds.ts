// Human descriptions of each finding kind, shared by SARIF rules, markdown and HTML.
import type { FindingKind } from '../check/finding.js';

export interface KindInfo {
  title: string;
  description: string;
}

export const FINDING_KINDS: Readonly<Record<FindingKind, KindInfo>> = {
  'leaked-patch': {
    title: 'Leaked patch',
    description: 'A mock patch started in a test was still active after the test ended, so later tests see the mock.',
  },
  'unreleased-fixture': {
    title: 'Unreleased fixture',
    description: 'A fixture set up for a test was never cleaned up, or its cleanup raised.',
  },
  'leaked-thread': {
    title: 'Leaked thread',
    description: 'A thread started by a test was still running after the test ended.',
  },
  'leaked-fd': {
    title: 'Leaked file descriptor',
    description: 'A file descriptor opened by a test was still open after the test ended.',
  },
  'leaked-child': {
    title: 'Leaked child process',
    description: 'A child process started by a test was still alive after the test ended.',
  },
  'env-pollution': {
    title: 'Environment pollution',
    description: 'A test changed environment variables and did not restore them.',
  },
  'timing-sensitive': {
    title: 'Timing-sensitive test',
    description: 'The outcome changed when sleeps or scheduling were perturbed.',
  },
  flaky: {
    title: 'Flaky test',
    description: 'The test both passed and failed across identical runs.',
  },
  'order-dependent': {
    title: 'Order-dependent test',
    description: 'The outcome depends on which tests ran before it.',
  },
  hang: {
    title: 'Hanging test',
    description: 'The test did not finish within the per-test time limit.',
  },
  crash: {
    title: 'Crash',
    description: 'The test process died while the test was running.',
  },
  'costly-sleep': {
    title: 'Costly sleep',
    description: 'A sleep that takes most of its test\'s time while the outcome does not depend on its duration: time you can save.',
  },
};

export const KIND_ORDER = Object.keys(FINDING_KINDS) as FindingKind[];
