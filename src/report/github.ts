// GitHub Actions integration: workflow-command annotations on stdout when GITHUB_ACTIONS=true, and
// the markdown summary appended to $GITHUB_STEP_SUMMARY when the runner provides that file.
import { appendFile } from 'node:fs/promises';
import type { Report } from './model.js';

export interface GithubTarget {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
}

export const inGithubActions = (env: GithubTarget['env']): boolean => env.GITHUB_ACTIONS === 'true';

const stepSummaryOf = (env: GithubTarget['env']): string | null => (env.GITHUB_STEP_SUMMARY === undefined || env.GITHUB_STEP_SUMMARY === '' ? null : env.GITHUB_STEP_SUMMARY);

/** Whether publishToGithub has anything to do here (else it loads no renderer). */
export const publishesToGithub = (env: GithubTarget['env']): boolean => inGithubActions(env) || stepSummaryOf(env) !== null;

/** The renderers publishing uses, loaded only where it publishes. */
export const loadGithubRenderers = (): Promise<typeof import('./markdown.js')> => import('./markdown.js');

/** Prints annotations and appends the step summary; returns what it did, for the caller's messages. */
export async function publishToGithub(report: Report, target: GithubTarget): Promise<{ annotations: boolean; summary: string | null }> {
  const annotations = inGithubActions(target.env);
  const summary = stepSummaryOf(target.env);
  if (!annotations && summary === null) return { annotations, summary };
  const { renderGithubAnnotations, renderMarkdown } = await loadGithubRenderers();
  if (annotations) target.stdout.write(renderGithubAnnotations(report));
  if (summary === null) return { annotations, summary };
  await appendFile(summary, `${renderMarkdown(report)}\n`, 'utf8');
  return { annotations, summary };
}
