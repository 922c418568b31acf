import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatedNode } from '../fleet-generator';
import { serviceRows } from '../inventory/host-inventory';
import { inventoryProfile } from '../inventory/inventory-profile';

/**
 * The training commands a Run Command script finds first on its PATH: `<sandbox>/bin` holds
 * stand-ins for `systemctl`, `Restart-Service` and `Get-Service` that act on the node's
 * simulated services (one file per service under `<sandbox>/.capstan/services`, first line
 * `active`/`inactive`, second line the display name), so a "restart the web service" runbook
 * run on the training fleet never touches a real service of the operator's machine. Their
 * messages and exit codes are the real tools' (systemctl: 5 for an unknown unit on
 * start/stop/restart, 4 on status, 3 for inactive).
 */

/** Bumped whenever a shim changes, so older sandboxes get the new ones. */
const SHIM_VERSION = '1';

const SYSTEMCTL = `#!/bin/sh
# Training fleet: systemctl for this node's simulated services only (see .capstan/services).
dir="$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)/.capstan/services"
verb=""; unit=""
for arg in "$@"; do
  case "$arg" in
    -*) ;;
    *) if [ -z "$verb" ]; then verb="$arg"; elif [ -z "$unit" ]; then unit="$arg"; fi ;;
  esac
done
name="\${unit%.service}"
file="$dir/$name"
now="$(date -u '+%a %Y-%m-%d %H:%M:%S UTC')"
case "$verb" in
  start|stop|restart|reload)
    if [ -z "$unit" ]; then echo "Too few arguments." >&2; exit 1; fi
    if [ ! -f "$file" ]; then echo "Failed to $verb $name.service: Unit $name.service not found." >&2; exit 5; fi
    desc="$(sed -n 2p "$file")"
    if [ "$verb" = stop ]; then state=inactive; else state=active; fi
    printf '%s\\n%s\\n%s\\n' "$state" "$desc" "$now" > "$file"
    ;;
  is-active)
    if [ ! -f "$file" ]; then echo inactive; exit 3; fi
    state="$(sed -n 1p "$file")"
    echo "$state"
    [ "$state" = active ] || exit 3
    ;;
  status)
    if [ ! -f "$file" ]; then echo "Unit $name.service could not be found." >&2; exit 4; fi
    state="$(sed -n 1p "$file")"; desc="$(sed -n 2p "$file")"; since="$(sed -n 3p "$file")"
    echo "● $name.service - $desc"
    echo "     Loaded: loaded (/usr/lib/systemd/system/$name.service; enabled; preset: disabled)"
    if [ "$state" = active ]; then
      echo "     Active: active (running) since \${since:-$now}"
    else
      echo "     Active: inactive (dead) since \${since:-$now}"
      exit 3
    fi
    ;;
  "") echo "systemctl: this training node supports start, stop, restart, reload, is-active and status." >&2; exit 1 ;;
  *) echo "Unknown command verb $verb." >&2; exit 1 ;;
esac
`;

/** Shared argument handling of the PowerShell-named shims: `-Name x`, `-Name:x` or a bare name. */
const PS_PRELUDE = `#!/bin/sh
dir="$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)/.capstan/services"
want=""
while [ $# -gt 0 ]; do
  case "$1" in
    -Name|-name|-ServiceName) shift; want="$1" ;;
    -Name:*|-name:*) want="\${1#*:}" ;;
    -*) ;;
    *) [ -z "$want" ] && want="$1" ;;
  esac
  shift
done
file=""
lower="$(printf '%s' "$want" | tr 'A-Z' 'a-z')"
for f in "$dir"/*; do
  [ -f "$f" ] || continue
  base="$(basename "$f")"
  [ "$(printf '%s' "$base" | tr 'A-Z' 'a-z')" = "$lower" ] && file="$f" && want="$base"
done
notfound() {
  echo "$1 : Cannot find any service with service name '$want'." >&2
  echo "    + CategoryInfo          : ObjectNotFound: ($want:String) [$1], ServiceCommandException" >&2
  echo "    + FullyQualifiedErrorId : NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.$2" >&2
  exit 1
}
`;

const RESTART_SERVICE = `${PS_PRELUDE}# Training fleet: Restart-Service for this node's simulated services only.
[ -n "$file" ] || notfound Restart-Service RestartServiceCommand
desc="$(sed -n 2p "$file")"
printf '%s\\n%s\\n%s\\n' active "$desc" "$(date -u '+%a %Y-%m-%d %H:%M:%S UTC')" > "$file"
`;

const GET_SERVICE = `${PS_PRELUDE}# Training fleet: Get-Service for this node's simulated services only.
[ -n "$file" ] || notfound Get-Service GetServiceCommand
state="$(sed -n 1p "$file")"; desc="$(sed -n 2p "$file")"
if [ "$state" = active ]; then status=Running; else status=Stopped; fi
echo
printf '%-8s %-18s %s\\n' Status Name DisplayName
printf '%-8s %-18s %s\\n' ------ ---- -----------
printf '%-8s %-18s %s\\n' "$status" "$want" "$desc"
echo
`;

/** A simulated service: name, display name, and whether it runs. */
interface ServiceSeed {
  readonly name: string;
  readonly displayName: string;
  readonly active: boolean;
}

const LINUX_BASE: ReadonlyArray<ServiceSeed> = [
  { name: 'amazon-ssm-agent', displayName: 'amazon-ssm-agent', active: true },
  { name: 'sshd', displayName: 'OpenSSH server daemon', active: true },
  { name: 'crond', displayName: 'Command Scheduler', active: true },
  { name: 'chronyd', displayName: 'NTP client/server', active: true },
  { name: 'rsyslog', displayName: 'System Logging Service', active: true },
];

// AWS:Service inventory exists only for Windows nodes, so Linux services follow the node's role.
const LINUX_ROLE_SERVICES: Readonly<Record<string, ReadonlyArray<ServiceSeed>>> = {
  web: [{ name: 'nginx', displayName: 'The nginx HTTP and reverse proxy server', active: true }],
  app: [{ name: 'tomcat', displayName: 'Apache Tomcat Web Application Container', active: true }],
  db: [{ name: 'postgresql', displayName: 'PostgreSQL database server', active: true }],
  cache: [{ name: 'redis', displayName: 'Redis persistent key-value database', active: true }],
  batch: [{ name: 'batch-worker', displayName: 'Nightly batch worker', active: false }],
};

/** The services a node starts with: its AWS:Service inventory on Windows, its role's on Linux. */
export function serviceSeeds(node: SimulatedNode): ReadonlyArray<ServiceSeed> {
  const profile = inventoryProfile(node);
  if (profile.windows) {
    const rows = serviceRows(profile) ?? [];
    const seeds = rows.map((r) => ({ name: r.Name ?? '', displayName: r.DisplayName ?? r.Name ?? '', active: r.Status === 'Running' }));
    // A node without inventory still runs its agent.
    return seeds.length > 0 ? seeds.filter((s) => s.name !== '') : [{ name: 'AmazonSSMAgent', displayName: 'Amazon SSM Agent', active: true }];
  }
  return [...LINUX_BASE, ...(LINUX_ROLE_SERVICES[profile.role] ?? [])];
}

const DAY_MS = 86_400_000;

/**
 * Gives a Linux node's root the logs a real one has on first use: the agent's log (diagnostics
 * tails it) and the system log with rotations of several ages (rotate-logs has something to free). The
 * ages are relative to now and the content deterministic per node.
 */
function seedLogs(sandbox: string, node: SimulatedNode): void {
  const logs = join(sandbox, 'var', 'log');
  if (node.info.PlatformType !== 'Linux' || existsSync(logs)) return;
  const agentDir = join(logs, 'amazon', 'ssm');
  mkdirSync(agentDir, { recursive: true });
  const started = new Date(Date.now() - 3 * DAY_MS).toISOString().replace('T', ' ').slice(0, 19);
  writeFileSync(
    join(agentDir, 'amazon-ssm-agent.log'),
    [
      `${started} INFO [amazon-ssm-agent] amazon-ssm-agent - v${node.info.AgentVersion}`,
      `${started} INFO [amazon-ssm-agent] OS: linux, Arch: amd64`,
      `${started} INFO [CredentialRefresher] Credentials ready`,
      `${started} INFO [ssm-agent-worker] [MessageService] Starting receiving message from ssmmessages`,
      `${started} INFO [ssm-agent-worker] [HealthCheck] HealthCheck reporting agent health.`,
      '',
    ].join('\n'),
  );
  for (const age of [0, 2, 9, 21, 40]) {
    // The system log and its rotations, as logrotate's dateext names them.
    const file = join(logs, age === 0 ? 'messages' : `messages-${new Date(Date.now() - age * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')}`);
    const line = `training systemd[1]: Started Session ${age} of user ec2-user on ${node.InstanceId}.\n`;
    writeFileSync(file, line.repeat(400 + age * 50));
    const when = new Date(Date.now() - age * DAY_MS);
    utimesSync(file, when, when);
  }
}

/**
 * Makes `<sandbox>/bin` hold the current shims and seeds the services on first use; later
 * runs keep whatever state earlier commands left (a stopped service stays stopped).
 */
export function prepareTrainingSandbox(sandbox: string, node: SimulatedNode): string {
  const bin = join(sandbox, 'bin');
  const marker = join(bin, '.capstan-shims');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== SHIM_VERSION) {
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'systemctl'), SYSTEMCTL, { mode: 0o755 });
    writeFileSync(join(bin, 'Restart-Service'), RESTART_SERVICE, { mode: 0o755 });
    writeFileSync(join(bin, 'Get-Service'), GET_SERVICE, { mode: 0o755 });
    writeFileSync(marker, SHIM_VERSION);
  }
  seedLogs(sandbox, node);
  const services = join(sandbox, '.capstan', 'services');
  if (!existsSync(services)) {
    mkdirSync(services, { recursive: true });
    for (const seed of serviceSeeds(node)) {
      writeFileSync(join(services, seed.name), `${seed.active ? 'active' : 'inactive'}\n${seed.displayName}\n`);
    }
  }
  return bin;
}
