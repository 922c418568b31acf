import type { WireAnswer, WireRequest } from '../http-wire';
import { normaliseUserCode } from './sso-state';
import type { SsoState } from './sso-state';
import { xmlText as htmlText } from './sts-wire';

/**
 * The training fleet's stand-in for the IAM Identity Center sign-in page: the verification URI
 * of the device flow. Plain HTML, one same-origin stylesheet and script (the script only copies
 * `user_code` from the URL fragment into the form), a strict CSP, and nothing from elsewhere.
 */

/** What the page needs from the simulator. */
export interface SignInPageDeps {
  readonly sso: SsoState;
  readonly now: () => number;
  /** The training users' virtual MFA devices and their current codes (for CLI users; never on AWS). */
  readonly mfaCodes: () => ReadonlyArray<{ readonly serial: string; readonly code: string }>;
}

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;background:#10161f;color:#e6edf3;margin:0}
main{max-width:34rem;margin:4rem auto;padding:2rem;background:#1b2430;border:1px solid #3b4756;border-radius:8px}
h1{font-size:1.4rem;margin-top:0}.banner{background:#5a3e00;color:#ffe2a8;padding:.5rem .75rem;border-radius:4px}
label{display:block;margin:1.25rem 0 .25rem}input{font:1.5rem monospace;letter-spacing:.15em;width:12ch;padding:.3rem}
button{font-size:1rem;padding:.5rem 1.25rem;margin:1rem .75rem 0 0;border-radius:4px;border:1px solid #3b4756;cursor:pointer}
a{color:#8cc4ff}.approve{background:#1f6f3f;color:#fff}.deny{background:#7a2020;color:#fff}.note{color:#9fb0c3;font-size:.9rem}
h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #3b4756}
td{font-size:.85rem;word-break:break-all}td.code{font:1.2rem monospace;letter-spacing:.1em;white-space:nowrap}`;

const SCRIPT = `"use strict";
var m = /[?&]user_code=([A-Za-z-]+)/.exec(location.hash);
var input = document.getElementById("user_code");
if (m && input && !input.value) input.value = decodeURIComponent(m[1]);`;

const ROUTES: Readonly<Record<string, string>> = {
  'GET /start': 'Page',
  'GET /start/': 'Page',
  'GET /start/page.css': 'Style',
  'GET /start/page.js': 'Script',
  'POST /start/approve': 'Decide',
};

/** The page route a request names, or undefined. */
export function signInRoute(request: WireRequest): string | undefined {
  return ROUTES[`${request.method} ${request.url.pathname}`];
}

/** Serves the page, its assets, and the operator's decision. */
export function answerSignIn(request: WireRequest, route: string, deps: SignInPageDeps): WireAnswer {
  if (route === 'Style') return asset('text/css; charset=utf-8', STYLE);
  if (route === 'Script') return asset('text/javascript; charset=utf-8', SCRIPT);
  if (route === 'Page') return page(200, form(deps.sso.pending(deps.now()).length) + mfaTable(deps.mfaCodes()), 'sso-signin:Page');
  const fields = new URLSearchParams(request.body.toString('utf8'));
  const typed = fields.get('user_code') ?? '';
  const decision = fields.get('decision');
  if (decision !== 'approve' && decision !== 'deny') {
    return page(400, message('Sign-in not changed', 'Choose Approve or Deny.', true), 'sso-signin:Decide');
  }
  const code = normaliseUserCode(typed);
  const done = deps.sso.decide(code, decision === 'approve' ? 'approved' : 'denied', deps.now());
  const operation = decision === 'approve' ? 'sso-signin:Approve' : 'sso-signin:Deny';
  if (!done) {
    const text = `No sign-in request is waiting for code "${code}". Codes expire after 10 minutes and work once: check the code shown in Capstan or the AWS CLI, or start the sign-in again.`;
    return page(404, message('Sign-in not changed', text, true), operation);
  }
  const text =
    decision === 'approve'
      ? `Request ${code} approved. Return to Capstan or the AWS CLI; you can close this tab.`
      : `Request ${code} denied. Capstan or the AWS CLI will report the sign-in as refused.`;
  return page(200, message(decision === 'approve' ? 'Sign-in approved' : 'Sign-in denied', text, false), operation);
}

function asset(contentType: string, body: string): WireAnswer {
  return { status: 200, headers: { 'Content-Type': contentType, ...SECURITY_HEADERS }, body, operation: 'sso-signin:Asset' };
}

function page(status: number, mainHtml: string, operation: string): WireAnswer {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Capstan training fleet — sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/start/page.css"></head>
<body><main>
<p class="banner">Training fleet — simulated IAM Identity Center. No real AWS account is involved.</p>
${mainHtml}
</main><script src="/start/page.js"></script></body></html>`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', ...SECURITY_HEADERS }, body, operation };
}

function form(pendingCount: number): string {
  const waiting = pendingCount === 1 ? '1 sign-in request is waiting.' : `${pendingCount} sign-in requests are waiting.`;
  return `<h1>Capstan training fleet sign-in</h1>
<p>This is the training fleet's sign-in page. Approve only a code you see in Capstan or the AWS CLI right now.</p>
<form method="post" action="/start/approve">
<label for="user_code">Code</label>
<input id="user_code" name="user_code" autocomplete="off" spellcheck="false" required placeholder="ABCD-EFGH">
<div><button class="approve" type="submit" name="decision" value="approve">Approve</button>
<button class="deny" type="submit" name="decision" value="deny">Deny</button></div>
</form>
<p class="note">${htmlText(waiting)}</p>`;
}

function mfaTable(devices: ReadonlyArray<{ readonly serial: string; readonly code: string }>): string {
  const rows = devices.map((d) => `<tr><td>${htmlText(d.serial)}</td><td class="code">${htmlText(d.code)}</td></tr>`).join('');
  return `<h2>Training MFA codes</h2>
<p class="note">For AssumeRole into CapstanOperator. Codes change every 30 seconds; reload for the current one.</p>
<table><thead><tr><th>Device</th><th>Code</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function message(title: string, text: string, failed: boolean): string {
  const back = failed ? '<p><a href="/start/">Back to the sign-in page</a></p>' : '';
  return `<h1>${htmlText(title)}</h1><p>${htmlText(text)}</p>${back}`;
}
