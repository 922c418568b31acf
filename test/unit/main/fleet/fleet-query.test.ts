import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../main/errors/app-error';
import { asciiLower, FilterRowSet, filterToPredicate, hasRow, toFilterRow } from '../../../../main/fleet/fleet-filter-rows';
import { buildSearchText, escapeLike, filterToSql, parseFleetFilter } from '../../../../main/fleet/fleet-query';
import type { FleetNode } from '../../../../preload/contract/fleet';

type Node = Omit<FleetNode, 'workspaceId' | 'vanishedAt'>;

function node(id: string, fields: Partial<Node> = {}): Node {
  return {
    instanceId: id,
    name: '',
    computerName: '',
    pingStatus: 'Online',
    lastPingAt: null,
    platformType: 'Linux',
    platformName: 'Ubuntu',
    platformVersion: '22.04',
    agentVersion: '3.2.582.0',
    isLatestVersion: true,
    ipAddress: '10.0.0.1',
    resourceType: 'EC2Instance',
    accountId: '111111111111',
    region: 'eu-west-1',
    tags: [],
    ...fields,
  };
}

// A small table with the columns the filter reads, so every test checks which rows really match.
const fleet: Node[] = [
  node('i-web1', { name: 'web prod 01', tags: [{ key: 'Environment', value: 'prod' }, { key: 'Team', value: 'Payments' }] }),
  node('i-web2', { name: 'web-staging-02', pingStatus: 'ConnectionLost', tags: [{ key: 'Environment', value: 'staging' }] }),
  node('i-db1', {
    name: 'DB Primary',
    computerName: 'db1.corp.example.com',
    platformType: 'Windows',
    platformName: 'Microsoft Windows Server 2022 Datacenter',
    pingStatus: 'Inactive',
    ipAddress: '10.1.2.3',
    agentVersion: '3.10.1.0',
    accountId: '222222222222',
    region: 'us-east-1',
    tags: [{ key: 'Environment', value: 'production' }, { key: 'Cost Center', value: 'a=b' }],
  }),
  node('mi-0123456789abcdef0', { name: 'build_100%', resourceType: 'ManagedInstance', platformType: 'MacOS', platformName: 'macOS', ipAddress: '192.168.1.20' }),
  node('i-plain', { name: 'build 1000 agent', ipAddress: '10.10.0.1', tags: [{ key: 'Owner', value: '' }] }),
];

let db: Database;

beforeAll(() => {
  db = new Sqlite(':memory:');
  db.exec(`CREATE TABLE nodes (instance_id TEXT, name TEXT, ping_status TEXT, platform_type TEXT, platform_name TEXT,
    agent_version TEXT, ip_address TEXT, account_id TEXT, region TEXT, search_text TEXT)`);
  const insert = db.prepare(`INSERT INTO nodes VALUES (@instanceId, @name, @pingStatus, @platformType, @platformName,
    @agentVersion, @ipAddress, @accountId, @region, @searchText)`);
  for (const n of fleet) insert.run({ ...n, searchText: buildSearchText(n, n.tags) });
});

afterAll(() => db.close());

/**
 * The instance ids a quick filter selects, through the real parser, SQL builder and SQLite; the
 * JS predicate the store worker filters with must select exactly the same ids.
 */
function matches(filter: string): string[] {
  const parsed = parseFleetFilter(filter);
  const { where, params } = filterToSql(parsed);
  const bySql = db
    .prepare(`SELECT instance_id FROM nodes WHERE ${where} ORDER BY instance_id`)
    .pluck()
    .all(params) as string[];
  const { test, needle } = filterToPredicate(parsed);
  const rows = fleet.map((n) => ({ id: n.instanceId, row: toFilterRow(n, buildSearchText(n, n.tags)) }));
  const byPredicate = rows
    .filter(({ row }) => test(row))
    .map(({ id }) => id)
    .sort();
  // The needle a caller may skip rows by never drops a match.
  if (needle !== null) for (const { row } of rows.filter((r) => test(r.row))) expect(row.searchText).toContain(needle);
  expect(byPredicate, `predicate for '${filter}'`).toEqual(bySql);
  return bySql;
}

function parseError(filter: string): ValidationError {
  try {
    parseFleetFilter(filter);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error(`expected '${filter}' to be rejected`);
}

describe('quick filter: free words and phrases', () => {
  it('matches every node when the filter is empty or only spaces', () => {
    expect(matches('')).toHaveLength(fleet.length);
    expect(matches('   \t ')).toHaveLength(fleet.length);
  });

  it('ANDs free words, each a case-insensitive substring of name, id, computer name, ip, platform, agent or tags', () => {
    expect(matches('WEB')).toEqual(['i-web1', 'i-web2']);
    expect(matches('web prod')).toEqual(['i-web1']);
    expect(matches('corp.example')).toEqual(['i-db1']);
    expect(matches('192.168')).toEqual(['mi-0123456789abcdef0']);
    expect(matches('datacenter')).toEqual(['i-db1']);
    expect(matches('3.10.1')).toEqual(['i-db1']);
    expect(matches('payments')).toEqual(['i-web1']);
    expect(matches('cost center')).toEqual(['i-db1']);
  });

  it('matches a quoted phrase as one substring, spaces included', () => {
    expect(matches('"web prod"')).toEqual(['i-web1']);
    expect(matches('"prod web"')).toEqual([]);
  });

  it('takes % and _ typed by the operator literally', () => {
    expect(matches('100%')).toEqual(['mi-0123456789abcdef0']);
    expect(matches('build_')).toEqual(['mi-0123456789abcdef0']);
    expect(matches('%')).toEqual(['mi-0123456789abcdef0']);
    expect(matches('name:_')).toEqual(['mi-0123456789abcdef0']);
  });

  it('negates a term with a leading -', () => {
    expect(matches('web -staging')).toEqual(['i-web1']);
    expect(matches('-"web prod"')).toEqual(['i-db1', 'i-plain', 'i-web2', 'mi-0123456789abcdef0']);
  });

  it('treats a lone - as a word and text with a non-alphabetic prefix before ":" as a word', () => {
    expect(parseFleetFilter('web -').terms).toEqual([
      { kind: 'text', value: 'web', negated: false },
      { kind: 'text', value: '-', negated: false },
    ]);
    expect(matches('web -')).toEqual(['i-web1', 'i-web2']);
    expect(parseFleetFilter('10.0.0.1:22').terms).toEqual([{ kind: 'text', value: '10.0.0.1:22', negated: false }]);
  });

  it('does not let a word match across two fields', () => {
    // name "web prod 01" is followed by the instance id; "01 i-web1" spans the two.
    expect(matches('"01 i-web1"')).toEqual([]);
  });
});

describe('quick filter: fields', () => {
  it('name: and id: match substrings of that column only', () => {
    expect(matches('name:prod')).toEqual(['i-web1']);
    expect(matches('name:db')).toEqual(['i-db1']);
    expect(matches('id:web')).toEqual(['i-web1', 'i-web2']);
    expect(matches('NAME:"web prod"')).toEqual(['i-web1']);
  });

  it('ping: understands online, offline (connection lost or inactive), connectionlost and inactive', () => {
    expect(matches('ping:online')).toEqual(['i-plain', 'i-web1', 'mi-0123456789abcdef0']);
    expect(matches('ping:offline')).toEqual(['i-db1', 'i-web2']);
    expect(matches('ping:ConnectionLost')).toEqual(['i-web2']);
    expect(matches('ping:inactive')).toEqual(['i-db1']);
    expect(matches('-ping:online')).toEqual(['i-db1', 'i-web2']);
  });

  it('platform: matches a platform type exactly, anything else as a platform-name substring', () => {
    expect(matches('platform:windows')).toEqual(['i-db1']);
    expect(matches('platform:MacOS')).toEqual(['mi-0123456789abcdef0']);
    expect(matches('platform:linux')).toEqual(['i-plain', 'i-web1', 'i-web2']);
    expect(matches('platform:server')).toEqual(['i-db1']);
    expect(matches('platform:ubu')).toEqual(['i-plain', 'i-web1', 'i-web2']);
  });

  it('agent:, ip:, account: and region: match from the start of the value', () => {
    expect(matches('agent:3.10')).toEqual(['i-db1']);
    expect(matches('agent:10')).toEqual([]);
    expect(matches('ip:10.1')).toEqual(['i-db1', 'i-plain']);
    expect(matches('ip:10.1.')).toEqual(['i-db1']);
    expect(matches('ip:0.1')).toEqual([]);
    expect(matches('account:2222')).toEqual(['i-db1']);
    expect(matches('region:us')).toEqual(['i-db1']);
    expect(matches('region:east')).toEqual([]);
  });

  it('tag:Key=Value matches that tag exactly (case-insensitive); tag:Key matches nodes that have the key', () => {
    expect(matches('tag:Environment=prod')).toEqual(['i-web1']);
    expect(matches('tag:environment=PROD')).toEqual(['i-web1']);
    expect(matches('tag:Environment')).toEqual(['i-db1', 'i-web1', 'i-web2']);
    expect(matches('tag:Env')).toEqual([]);
    expect(matches('-tag:Environment')).toEqual(['i-plain', 'mi-0123456789abcdef0']);
    expect(matches('tag:Owner=')).toEqual(['i-plain']);
    expect(matches('tag:"Cost Center"="a=b"')).toEqual(['i-db1']);
    expect(matches('tag:"Cost Center"=a=b')).toEqual(['i-db1']);
  });

  it('combines fields and words with AND', () => {
    expect(matches('ping:offline tag:Environment platform:linux')).toEqual(['i-web2']);
    expect(matches('build -ping:offline ip:192')).toEqual(['mi-0123456789abcdef0']);
  });
});

describe('quick filter: inventory terms', () => {
  it('reads app: as a name substring, and as name@version split at the last @ when a name comes before it', () => {
    expect(parseFleetFilter('app:openjdk').terms).toEqual([{ kind: 'app', name: 'openjdk', version: null, negated: false }]);
    expect(parseFleetFilter('-APP:"Amazon Corretto"').terms).toEqual([{ kind: 'app', name: 'Amazon Corretto', version: null, negated: true }]);
    expect(parseFleetFilter('app:"openjdk-17-jre@17.0.10+7-1"').terms).toEqual([
      { kind: 'app', name: 'openjdk-17-jre', version: '17.0.10+7-1', negated: false },
    ]);
    expect(parseFleetFilter('app:"@angular/cli@15.2.0"').terms).toEqual([{ kind: 'app', name: '@angular/cli', version: '15.2.0', negated: false }]);
    // A leading @ has no name before it: the text is a substring, so such names stay findable.
    expect(parseFleetFilter('app:@angular').terms).toEqual([{ kind: 'app', name: '@angular', version: null, negated: false }]);
    // Nothing after the @: entries of that name that report no version.
    expect(parseFleetFilter('app:Spooler@').terms).toEqual([{ kind: 'app', name: 'Spooler', version: '', negated: false }]);
  });

  it('reads product: as a product, product name or family, trimmed', () => {
    expect(parseFleetFilter('product:"Java 8" ping:online').terms).toEqual([
      { kind: 'product', value: 'Java 8', negated: false },
      { kind: 'ping', statuses: ['Online'], negated: false },
    ]);
    expect(parseFleetFilter('-product:java').terms).toEqual([{ kind: 'product', value: 'java', negated: true }]);
  });
});

describe('quick filter: errors say what to fix', () => {
  it('names an unknown field and lists the valid ones', () => {
    const error = parseError('pong:up');
    expect(error.message).toBe("Unknown filter field 'pong'. Use one of: name, id, ping, platform, agent, ip, account, region, tag, app, product.");
    expect(error.hint).toMatch(/quotes/);
  });

  it('reports an unclosed quote', () => {
    expect(parseError('web "prod').message).toBe('Unclosed quote in filter.');
    expect(parseError('name:"web').message).toBe('Unclosed quote in filter.');
  });

  it('reports a ping value it does not know, quoting what was typed', () => {
    expect(parseError('ping:up').message).toBe("ping: expects online, offline, connectionlost or inactive, got 'up'.");
  });

  it('reports a field with no value or a tag with no key', () => {
    expect(parseError('name:').message).toMatch(/^name: expects a value, e\.g\. name:web\.$/);
    expect(parseError('tag:=prod').message).toMatch(/^tag: expects a tag key/);
  });

  it('reports an app: or product: term with nothing to look for', () => {
    expect(parseError('app:').message).toBe('app: expects a value, e.g. app:openjdk.');
    expect(parseError('product:""').message).toBe('product: expects a value, e.g. product:"Java 8".');
    expect(parseError('product:"  "').message).toMatch(/^product: expects a product or family/);
  });

  it('accepts a quoted word containing a colon', () => {
    expect(matches('"arn:aws"')).toEqual([]);
  });
});

describe('filterToSql', () => {
  it('binds every value as a named parameter, never inside the SQL text', () => {
    const { where, params } = filterToSql(parseFleetFilter(`"x'); DROP TABLE nodes; --" name:o'brien tag:k=v`));
    expect(where).not.toContain('DROP');
    expect(where).not.toContain("o'brien");
    expect(Object.values(params)).toContain("%x'); drop table nodes; --%");
    expect(where).toMatch(/^[\s\w@%'\\()=,.>!]*$/);
  });

  it('gives an empty filter a WHERE fragment that matches everything', () => {
    expect(filterToSql(parseFleetFilter(''))).toEqual({ where: '1', params: {} });
  });
});

describe('asciiLower', () => {
  it('folds ASCII letters only, as SQLite LIKE and NOCASE do', () => {
    expect(asciiLower('WEB-Prod')).toBe('web-prod');
    expect(asciiLower('ÉCOLE Ärger')).toBe('École Ärger');
  });
});

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character itself', () => {
    expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
  });
});

describe('FilterRowSet between writes', () => {
  const words = ['web', 'prod', 'db', 'staging', 'web-prod', 'cache'];
  const rowFor = (i: number, salt: number): ReturnType<typeof toFilterRow> => {
    // No other column holds these words (eu-west-1 would match every 'w').
    const n = node(`i-${i.toString(16).padStart(6, '0')}`, {
      name: `${words[(i * 7 + salt) % words.length]}-${words[(i + salt * 5) % words.length]}-${i}`,
      region: 'ap-south-1',
    });
    return toFilterRow(n, buildSearchText(n, n.tags));
  };
  const matches = (set: FilterRowSet, text: string): number[] => {
    const { bits, total } = set.match(parseFleetFilter(text));
    const out = Array.from({ length: set.length }, (_, i) => i).filter((i) => hasRow(bits, i));
    // No bit past the last row, and the count is the bits'.
    expect(Array.from({ length: bits.length * 32 - set.length }, (_, k) => set.length + k).filter((i) => hasRow(bits, i))).toEqual([]);
    expect(out.length).toBe(total);
    return out;
  };
  const byPredicate = (rows: ReturnType<typeof toFilterRow>[], text: string): number[] => {
    const predicate = filterToPredicate(parseFleetFilter(text));
    return rows.flatMap((row, i) => (predicate.test(row) ? [i] : []));
  };

  it('answers as a set built afresh after rows change or arrive between keystrokes', () => {
    const set = new FilterRowSet();
    const rows = Array.from({ length: 400 }, (_, i) => rowFor(i, 0));
    for (const row of rows) set.put(undefined, row);
    const typed = ['w', 'we', 'web', 'web-', 'web-p', 'web-pr', 'web-prod', 'prod', 'db'];
    typed.forEach((text, step) => {
      // A write lands between two keystrokes: a few rows change, sometimes one is added.
      for (let k = 0; k < 15; k += 1) {
        const i = (step * 53 + k * 31) % rows.length;
        rows[i] = rowFor(i, step + k + 1);
        set.put(i, rows[i]);
      }
      if (step % 3 === 0) {
        rows.push(rowFor(rows.length, step));
        set.put(undefined, rows.at(-1)!);
      }
      const fresh = new FilterRowSet();
      for (const row of rows) fresh.put(undefined, row);
      expect(matches(set, text), `'${text}' after write ${step}`).toEqual(matches(fresh, text));
      // And as the one-row predicate (the SQL's twin) decides row by row.
      expect(matches(set, text), `'${text}' by predicate`).toEqual(byPredicate(rows, text));
    });
  });

  it('answers typing, backspacing and editing mid-word between writes as the predicate does', () => {
    // Names where a needle's first place is not where the longer needle is: "web-stag…web-prod".
    const names = ['web-staging-web-prod-1', 'web-prod-2', 'xweb-web-p-3', 'db-web-4', 'web-web-web-prod-5', 'prod-web-6', 'webweb-prod-7'];
    const named = (i: number, name: string): ReturnType<typeof toFilterRow> => {
      const n = node(`i-${i.toString(16).padStart(6, '0')}`, { name, region: 'ap-south-1' });
      return toFilterRow(n, buildSearchText(n, n.tags));
    };
    const rows = Array.from({ length: 350 }, (_, i) => named(i, `${names[i % names.length]}-${i}`));
    const set = new FilterRowSet();
    for (const row of rows) set.put(undefined, row);
    const typed = ['w', 'we', 'web', 'web-', 'web-p', 'web-pr', 'web-prod', 'web-pro', 'web-p', 'web-', 'b-', 'eb-', 'web-', 'web-s', 'web-st', 'prod', 'b-prod', 'web-prod', 'web-prod-5', 'web-prod -db', 'web-prod name:web-w'];
    for (const text of typed) expect(matches(set, text), `'${text}'`).toEqual(byPredicate(rows, text));
    // A write forgets what was remembered: the changed row answers as it now is.
    rows[3] = named(3, 'cache-3');
    set.put(3, rows[3]);
    for (const text of ['web-', 'web-p', 'cache', 'web-prod']) expect(matches(set, text), `'${text}' after a write`).toEqual(byPredicate(rows, text));
  });

  it('keeps the needles it remembers in step as rows change and arrive past its bitsets', () => {
    const named = (i: number, name: string): ReturnType<typeof toFilterRow> => {
      const n = node(`i-${i.toString(16).padStart(6, '0')}`, { name, region: 'ap-south-1' });
      return toFilterRow(n, buildSearchText(n, n.tags));
    };
    // Row 5 first holds 'web-prod' late in its text; a write below moves it to the start.
    const rows = Array.from({ length: 31 }, (_, i) => named(i, i === 5 ? 'zzzzzzzzzz-web-prod-5' : i % 2 ? `web-prod-${i}` : `db-${i}`));
    const set = new FilterRowSet();
    for (const row of rows) set.put(undefined, row);
    const typed = ['w', 'we', 'web', 'web-', 'web-p', 'db'];
    for (const text of typed) expect(matches(set, text), `'${text}'`).toEqual(byPredicate(rows, text));
    // Rows arrive well past the remembered bitsets' words, and earlier ones change both ways.
    for (let i = 31; i < 140; i += 1) {
      rows.push(named(i, i % 3 ? `web-staging-${i}` : `zzzzzzzzzz-web-prod-${i}`));
      set.put(undefined, rows[i]!);
    }
    for (const i of [1, 2, 33, 64, 65, 66]) {
      rows[i] = named(i, i % 2 ? `cache-${i}` : `web-prod-web-${i}`);
      set.put(i, rows[i]!);
    }
    // A narrowing that trusted row 5's old place for 'web-p' would now miss its 'web-pr'.
    rows[5] = named(5, 'web-prod-5');
    set.put(5, rows[5]);
    for (const text of [...typed].reverse()) expect(matches(set, text), `'${text}' after writes`).toEqual(byPredicate(rows, text));
    expect(matches(set, 'web-pr'), "'web-pr' narrowed from kept rows").toEqual(byPredicate(rows, 'web-pr'));
  });

  it('keeps its count of rows by ping status in step as rows change status or arrive', () => {
    const set = new FilterRowSet();
    const statuses = ['Online', 'ConnectionLost', 'Inactive'] as const;
    const rows = Array.from({ length: 30 }, (_, i) => ({ ...rowFor(i, 0), pingStatus: statuses[i % 3]! }));
    for (const row of rows) set.put(undefined, row);
    set.put(0, { ...rows[0]!, pingStatus: 'Inactive' });
    set.put(1, { ...rows[1]!, pingStatus: 'ConnectionLost' });
    set.put(undefined, { ...rowFor(30, 0), pingStatus: 'Online' });
    expect(Object.fromEntries(set.countByPing())).toEqual({ Online: 10, ConnectionLost: 10, Inactive: 11 });
  });
});
