// GitHub Actions integration: workflow-command annotations on stdout when GITHUB_ACTIONS=true, and
// the markdown summary appended to $GITHUB_STEP_SUMMARY when the runner provides that file.
import { appendFile } from 'node:fs/promises';
import type { Report } from './model.js';
import { renderGithubAnnotations, renderMarkdown } from './markdown.js';

export interface GithubTarget {
  env: Readonly<Record<string, string | undefined>>;
  stdout: { write(text: string): unknown };
}

export const inGithubActions = (env: GithubTarget['env']): boolean => env.GITHUB_ACTIONS === 'true';

/** Prints annotations and appends the step summary; returns what it did, for the caller's messages. */
export async function publishToGithub(report: Report, target: GithubTarget): Promise<{ annotations: boolean; summary: string | null }> {
  const annotations = inGithubActions(target.env);
  if (annotations) target.stdout.write(renderGithubAnnotations(report));
  const summary = target.env.GITHUB_STEP_SUMMARY;
  if (summary === undefined || summary === '') return { annotations, summary: null };
  await appendFile(summary, `${renderMarkdown(report)}\n`, 'utf8');
  return { annotations, summary };
}
