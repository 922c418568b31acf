import type { InventoryRow } from '../inventory-types';
import { guidFor, isoMidnight } from './inventory-profile';
import type { PlatformKey } from './inventory-profile';

/**
 * Windows "Programs and Features" rows as the agent's registry gatherer reports them
 * (software-catalog.md §1, §2.8–§2.11, §3.5): DisplayName, Publisher, DisplayVersion, the
 * Uninstall key name as PackageId, Architecture from the registry view (WiX/Burn bundles register
 * in the 32-bit view, hence `i386`), InstalledTime at UTC midnight. No ApplicationType, URL,
 * Summary, Release or Epoch on Windows.
 */

/** One Windows product entry; `packageId` undefined means the attribute is absent (Distributor rows). */
export interface WindowsProduct {
  readonly name: string;
  readonly publisher: string;
  readonly version: string;
  readonly arch: 'x86_64' | 'i386';
  readonly packageId?: string;
}

/** One `AWS:Application` row for a Windows product. */
export function windowsRow(product: WindowsProduct, installedMs: number | undefined): InventoryRow {
  const row: Record<string, string> = { Name: product.name, Publisher: product.publisher, Version: product.version };
  // InstallDate missing or malformed in the registry → no InstalledTime at all.
  if (installedMs !== undefined) row.InstalledTime = isoMidnight(installedMs);
  row.Architecture = product.arch;
  if (product.packageId !== undefined) row.PackageId = product.packageId;
  return row;
}

const AWS = 'Amazon Web Services';
const MS = 'Microsoft Corporation';

/** What every EC2 Windows AMI of the fleet carries besides the SSM Agent (whose version is per node). */
const IMAGE_PRODUCTS: Readonly<Record<string, ReadonlyArray<WindowsProduct>>> = {
  win2019: [
    { name: 'AWS Tools for Windows', publisher: 'Amazon Web Services Developer Relations', version: '3.15.1248', arch: 'i386', packageId: guidFor('aws-tools-3.15.1248') },
    { name: 'aws-cfn-bootstrap', publisher: AWS, version: '2.0.5', arch: 'x86_64', packageId: guidFor('cfn-bootstrap-2.0.5') },
    { name: 'AWS PV Drivers', publisher: AWS, version: '8.3.4', arch: 'x86_64', packageId: guidFor('pv-drivers-8.3.4') },
    { name: 'Microsoft Edge', publisher: MS, version: '122.0.2365.92', arch: 'i386', packageId: 'Microsoft Edge' },
    { name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33135', publisher: MS, version: '14.38.33135.0', arch: 'i386', packageId: guidFor('vc-2022-x64-14.38', true) },
    { name: 'Microsoft Visual C++ 2015-2022 Redistributable (x86) - 14.38.33135', publisher: MS, version: '14.38.33135.0', arch: 'i386', packageId: guidFor('vc-2022-x86-14.38', true) },
    { name: 'Microsoft Visual C++ 2013 Redistributable (x64) - 12.0.40664', publisher: MS, version: '12.0.40664.0', arch: 'i386', packageId: guidFor('vc-2013-x64', true) },
    { name: 'Microsoft Update Health Tools', publisher: MS, version: '3.74.0.0', arch: 'x86_64', packageId: guidFor('update-health-tools-3.74') },
  ],
  win2022: [
    { name: 'AWS Tools for Windows', publisher: 'Amazon Web Services Developer Relations', version: '3.15.1248', arch: 'i386', packageId: guidFor('aws-tools-3.15.1248') },
    { name: 'aws-cfn-bootstrap', publisher: AWS, version: '2.0.5', arch: 'x86_64', packageId: guidFor('cfn-bootstrap-2.0.5') },
    { name: 'AWS Command Line Interface v2', publisher: AWS, version: '2.15.36.0', arch: 'x86_64', packageId: guidFor('awscli-2.15.36') },
    { name: 'Microsoft Edge', publisher: MS, version: '122.0.2365.92', arch: 'i386', packageId: 'Microsoft Edge' },
    { name: 'Microsoft Visual C++ 2015-2022 Redistributable (x64) - 14.38.33135', publisher: MS, version: '14.38.33135.0', arch: 'i386', packageId: guidFor('vc-2022-x64-14.38', true) },
    { name: 'Microsoft Visual C++ 2015-2022 Redistributable (x86) - 14.38.33135', publisher: MS, version: '14.38.33135.0', arch: 'i386', packageId: guidFor('vc-2022-x86-14.38', true) },
    { name: 'PowerShell 7-x64', publisher: MS, version: '7.4.1.0', arch: 'x86_64', packageId: guidFor('pwsh-7.4.1') },
  ],
};

/** Image build dates of the Windows AMIs (monthly AWS releases). */
const IMAGE_DATES: Readonly<Record<string, ReadonlyArray<string>>> = {
  win2019: ['2024-01-10', '2024-02-14', '2024-03-13'],
  win2022: ['2024-01-10', '2024-02-14', '2024-03-13', '2024-04-10'],
};

/** Build time of one image, epoch milliseconds. */
export function windowsImageMs(platform: PlatformKey, image: number): number {
  const dates = IMAGE_DATES[platform] ?? ['2024-01-10'];
  return Date.parse(`${dates[image % dates.length] ?? '2024-01-10'}T00:00:00Z`);
}

/** How many images a Windows platform has. */
export function windowsImageCount(platform: PlatformKey): number {
  return (IMAGE_DATES[platform] ?? ['']).length;
}

const baseCache = new Map<string, ReadonlyArray<InventoryRow>>();

/** Rows shared by every node launched from one Windows image; hybrid servers skip the EC2-only ones. */
export function windowsBaseRows(platform: PlatformKey, image: number, hybrid: boolean): ReadonlyArray<InventoryRow> {
  const key = `${platform}/${image}/${hybrid}`;
  const cached = baseCache.get(key);
  if (cached) return cached;
  const at = windowsImageMs(platform, image);
  const ec2Only = new Set(['aws-cfn-bootstrap', 'AWS PV Drivers']);
  const products = (IMAGE_PRODUCTS[platform] ?? []).filter((p) => !hybrid || !ec2Only.has(p.name));
  const rows = Object.freeze(products.map((p) => Object.freeze(windowsRow(p, at))));
  baseCache.set(key, rows);
  return rows;
}

/** Products per role, drawn with the given probability on top of the image. */
export const WINDOWS_ROLE_PRODUCTS: Readonly<Record<string, ReadonlyArray<readonly [ReadonlyArray<WindowsProduct>, number]>>> = {
  web: [
    [
      [
        { name: 'IIS URL Rewrite Module 2', publisher: MS, version: '7.2.1993', arch: 'x86_64', packageId: guidFor('url-rewrite-2') },
        { name: 'Microsoft .NET 8.0.8 - Windows Server Hosting', publisher: MS, version: '8.0.8.24369', arch: 'i386', packageId: guidFor('dotnet-hosting-8.0.8', true) },
        { name: 'Microsoft ASP.NET Core 8.0.15 - Shared Framework (x64)', publisher: MS, version: '8.0.15.25165', arch: 'i386', packageId: guidFor('aspnet-8.0.15', true) },
      ],
      0.9,
    ],
    [[{ name: 'Microsoft Application Request Routing 3.0', publisher: MS, version: '3.0.1988', arch: 'x86_64', packageId: guidFor('arr-3.0') }], 0.4],
  ],
  app: [
    [[{ name: 'Microsoft .NET Runtime - 6.0.36 (x64)', publisher: MS, version: '6.0.36.34214', arch: 'i386', packageId: guidFor('dotnet-6.0.36', true) }], 0.6],
    [[{ name: 'Apache Tomcat 9.0 Tomcat9 (remove only)', publisher: 'The Apache Software Foundation', version: '9.0.85', arch: 'x86_64', packageId: 'Apache Tomcat 9.0 Tomcat9' }], 0.25],
    [[{ name: 'Jenkins 2.440.3', publisher: 'Jenkins project', version: '2.255.4403', arch: 'x86_64', packageId: guidFor('jenkins-2.440.3') }], 0.1],
    [[{ name: 'Node.js', publisher: 'Node.js Foundation', version: '20.11.1', arch: 'x86_64', packageId: guidFor('node-20.11.1') }], 0.25],
    [[{ name: 'Python 3.12.2 (64-bit)', publisher: 'Python Software Foundation', version: '3.12.2150.0', arch: 'i386', packageId: guidFor('python-3.12.2', true) }], 0.2],
  ],
  db: [
    [
      [
        { name: 'Microsoft SQL Server 2019 (64-bit)', publisher: '', version: '', arch: 'x86_64', packageId: 'Microsoft SQL Server SQL2019' },
        { name: 'Microsoft SQL Server 2019 (64-bit)', publisher: '', version: '', arch: 'i386', packageId: 'Microsoft SQL Server SQL2019' },
        { name: 'SQL Server 2019 Database Engine Services', publisher: MS, version: '15.0.2000.5', arch: 'x86_64', packageId: guidFor('sql2019-engine') },
        { name: 'Browser for SQL Server 2019', publisher: MS, version: '15.0.2000.5', arch: 'i386', packageId: guidFor('sql2019-browser') },
        { name: 'Microsoft ODBC Driver 17 for SQL Server', publisher: MS, version: '17.10.5.1', arch: 'x86_64', packageId: guidFor('odbc-17.10.5.1') },
      ],
      0.75,
    ],
    [[{ name: 'MySQL Server 8.0', publisher: 'Oracle Corporation', version: '8.0.36', arch: 'x86_64', packageId: guidFor('mysql-8.0.36') }], 0.25],
  ],
  jump: [
    [
      [
        { name: 'Git', publisher: 'The Git Development Community', version: '2.44.0', arch: 'x86_64', packageId: 'Git_is1' },
        { name: '7-Zip 23.01 (x64)', publisher: 'Igor Pavlov', version: '23.01', arch: 'x86_64', packageId: '7-Zip' },
      ],
      0.9,
    ],
    [[{ name: 'Notepad++ (64-bit x64)', publisher: 'Notepad++ Team', version: '8.6.4', arch: 'x86_64', packageId: 'Notepad++' }], 0.6],
  ],
};

/** Tools an administrator adds by hand on any Windows role. */
export const WINDOWS_ANY_ROLE: ReadonlyArray<readonly [WindowsProduct, number]> = [
  [{ name: '7-Zip 23.01 (x64)', publisher: 'Igor Pavlov', version: '23.01', arch: 'x86_64', packageId: '7-Zip' }, 0.3],
  [{ name: 'Notepad++ (64-bit x64)', publisher: 'Notepad++ Team', version: '8.6.4', arch: 'x86_64', packageId: 'Notepad++' }, 0.2],
  [{ name: 'CrowdStrike Windows Sensor', publisher: 'CrowdStrike, Inc.', version: '7.15.18402.0', arch: 'x86_64', packageId: guidFor('falcon-7.15') }, 0.45],
];

/**
 * Entries that test a console's handling of odd data: a DisplayName read in the wrong code page,
 * a Japanese product, and an installer that wrote an absurdly long DisplayName (the agent keeps
 * values up to 4,096 characters).
 */
export const WINDOWS_ODDITIES: ReadonlyArray<WindowsProduct> = [
  { name: 'Logiciel de sÃ©curitÃ© Contoso', publisher: 'Contoso LtÃ©e', version: '4.2.0.117', arch: 'i386', packageId: guidFor('contoso-mojibake') },
  { name: 'サクラエディタ', publisher: 'サクラエディタ開発チーム', version: '2.4.2.6048', arch: 'i386', packageId: 'sakura editor_is1' },
  {
    name: `Fabrikam Line-of-Business Suite${' Component Pack'.repeat(300)}`.slice(0, 4096),
    publisher: 'Fabrikam, Inc.',
    version: '1.0',
    arch: 'x86_64',
    packageId: guidFor('fabrikam-long'),
  },
];
