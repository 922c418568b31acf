import type { InventoryRow } from '../inventory-types';
import { hashText, isoSeconds } from './inventory-profile';
import type { PlatformKey } from './inventory-profile';

/**
 * Linux package rows exactly as the SSM agent's rpm and dpkg gatherers report them
 * (software-catalog.md §1–§3): rpm splits Epoch/Version/Release and stamps InstalledTime to the
 * second; dpkg keeps the epoch inside Version, has no InstalledTime and rewrites only `amd64`.
 * A node's base system comes from the image it was launched from, so base rows are built once
 * per (distribution, architecture, image) and shared by every node of that image.
 */

/** How one Linux distribution names, versions and groups its packages. */
export interface LinuxDistro {
  readonly key: PlatformKey;
  readonly format: 'rpm' | 'deb';
  /** rpm VENDOR or dpkg Maintainer of the distribution's own packages. */
  readonly publisher: string;
  /** rpm GROUP (AL2023/RHEL 9 mostly `Unspecified`) or the dpkg Section used when none is known. */
  readonly group: string;
  /** Release tag (rpm) or Debian revision suffix (deb) for a package hash. */
  readonly release: (h: number) => string;
  /** Image build dates (UTC): nodes launched from one image share their base install times. */
  readonly images: ReadonlyArray<string>;
  /** Backport suffix in Ubuntu/Debian versions of vendor-updated packages, e.g. `~22.04.1`. */
  readonly backport: string;
}

const UBUNTU = 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>';

/** The distributions of the training fleet. */
export const LINUX_DISTROS: Readonly<Record<string, LinuxDistro>> = {
  al2023: {
    key: 'al2023',
    format: 'rpm',
    publisher: 'Amazon Linux',
    group: 'Unspecified',
    release: (h) => `${1 + (h % 6)}.amzn2023.0.${h % 11}`,
    images: ['2024-01-16', '2024-02-28', '2024-04-10'],
    backport: '',
  },
  rhel8: {
    key: 'rhel8',
    format: 'rpm',
    publisher: 'Red Hat, Inc.',
    group: 'System Environment/Base',
    release: (h) => `${1 + (h % 30)}.el8${h % 3 === 0 ? `_${8 + (h % 3)}` : ''}`,
    images: ['2023-12-05', '2024-03-19'],
    backport: '',
  },
  rhel9: {
    key: 'rhel9',
    format: 'rpm',
    publisher: 'Red Hat, Inc.',
    group: 'Unspecified',
    release: (h) => `${1 + (h % 20)}.el9${h % 4 === 0 ? `_${2 + (h % 3)}` : ''}`,
    images: ['2024-01-09', '2024-04-23'],
    backport: '',
  },
  sles15: {
    key: 'sles15',
    format: 'rpm',
    publisher: 'SUSE LLC <https://www.suse.com/>',
    group: 'System/Base',
    release: (h) => `150500.${1 + (h % 9)}.${3 + (h % 40)}.1`,
    images: ['2024-02-07', '2024-05-02'],
    backport: '',
  },
  ubuntu2204: {
    key: 'ubuntu2204',
    format: 'deb',
    publisher: UBUNTU,
    group: 'admin',
    release: (h) => `${1 + (h % 3)}ubuntu${h % 5}${h % 2 === 0 ? '.1' : ''}`,
    images: ['2024-01-25', '2024-03-08', '2024-04-30'],
    backport: '~22.04.1',
  },
  ubuntu2404: {
    key: 'ubuntu2404',
    format: 'deb',
    publisher: UBUNTU,
    group: 'admin',
    release: (h) => `${1 + (h % 3)}ubuntu${1 + (h % 6)}`,
    images: ['2024-05-16', '2024-06-27'],
    backport: '~24.04.1',
  },
  debian12: {
    key: 'debian12',
    format: 'deb',
    publisher: 'Debian QA Group <packages@qa.debian.org>',
    group: 'admin',
    release: (h) => `${1 + (h % 4)}${h % 3 === 0 ? '+deb12u1' : ''}`,
    images: ['2024-02-03', '2024-04-06'],
    backport: '~deb12u1',
  },
};

/** A package as the distribution or a vendor builds it; fields missing here are left out of the row. */
export interface LinuxPackage {
  readonly name: string;
  readonly version: string;
  /** rpm only. */
  readonly release?: string;
  /** rpm only; an rpm without epoch has no Epoch attribute at all. */
  readonly epoch?: string;
  readonly publisher?: string;
  readonly group?: string;
  /** `noarch`/`all` packages; otherwise the node's architecture. */
  readonly arch?: string;
  readonly url?: string;
  readonly summary?: string;
  /** Source package: sub-packages of one rpm build share the SRPM, hence the PackageId. */
  readonly source?: string;
}

/** One `AWS:Application` row for a Linux package (rpm or dpkg rules). */
export function linuxRow(distro: LinuxDistro, pkg: LinuxPackage, nodeArch: string, installedMs: number): InventoryRow {
  if (distro.format === 'rpm') {
    const arch = pkg.arch ?? nodeArch;
    const release = pkg.release ?? distro.release(hashText(pkg.name));
    const row: Record<string, string> = {
      Name: pkg.name,
      Publisher: pkg.publisher ?? distro.publisher,
      Version: pkg.version,
      Release: release,
    };
    if (pkg.epoch !== undefined) row.Epoch = pkg.epoch;
    row.InstalledTime = isoSeconds(installedMs);
    row.ApplicationType = pkg.group ?? distro.group;
    row.Architecture = arch;
    row.URL = pkg.url ?? '(none)';
    row.Summary = pkg.summary ?? `The ${pkg.name} package`;
    row.PackageId = `${pkg.source ?? pkg.name}-${pkg.version}-${release}.src.rpm`;
    return row;
  }
  // dpkg: the raw architecture goes into PackageId, only amd64 is rewritten for Architecture.
  const raw = pkg.arch ?? (nodeArch === 'aarch64' ? 'arm64' : 'amd64');
  const row: Record<string, string> = {
    Name: pkg.name,
    Publisher: pkg.publisher ?? distro.publisher,
    Version: pkg.version,
    ApplicationType: pkg.group ?? distro.group,
    Architecture: raw === 'amd64' ? 'x86_64' : raw,
  };
  if (pkg.url !== undefined && pkg.url !== '') row.URL = pkg.url;
  row.Summary = pkg.summary ?? `${pkg.name} package`;
  row.PackageId = `${pkg.name}_${pkg.version}_${raw}.deb`;
  return row;
}

// Base systems. Versions of the packages an operator looks at are real; the long tail of
// libraries gets plausible versions derived from the name, stable across runs.
const RPM_BASE = `acl alternatives audit audit-libs basesystem bash bc bind-libs binutils bzip2 bzip2-libs ca-certificates chrony
coreutils coreutils-common cpio cracklib cracklib-dicts cronie cronie-anacron crontabs crypto-policies curl cyrus-sasl-lib dbus
dbus-broker dbus-libs device-mapper device-mapper-libs diffutils dmidecode dnf dnf-data dracut e2fsprogs e2fsprogs-libs
elfutils-libelf elfutils-libs ethtool expat file file-libs filesystem findutils gawk gdbm-libs gettext glib2 glibc glibc-common
glibc-minimal-langpack gmp gnupg2 gnutls gpgme grep groff-base grub2-common grub2-tools gzip hostname hwdata info iproute
iptables-libs iputils jansson json-c kbd keyutils-libs kmod kmod-libs krb5-libs less libacl libarchive libattr libblkid libcap
libcap-ng libcom_err libcurl libdb libevent libfdisk libffi libgcc libgcrypt libgpg-error libidn2 libmount libnghttp2 libpsl
libpwquality librepo libseccomp libselinux libsemanage libsepol libsigsegv libsmartcols libsolv libssh libstdc++ libtasn1
libtirpc libunistring libuser libutempter libuuid libverto libxcrypt libxml2 libyaml libzstd logrotate lua-libs lz4-libs man-db
mpfr ncurses ncurses-base ncurses-libs nettle newt npth openldap openssh openssh-clients openssh-server openssl-libs p11-kit
p11-kit-trust pam passwd pcre2 policycoreutils popt procps-ng psmisc python3-libs python3-pip-wheel python3-setuptools
python3-dnf python3-rpm readline rpm rpm-libs rsyslog sed selinux-policy selinux-policy-targeted setup shadow-utils sqlite-libs
sudo systemd systemd-libs systemd-pam systemd-udev tar tzdata util-linux util-linux-core vim-minimal which xfsprogs xz xz-libs
yum zlib cloud-init rsync wget tcpdump lsof strace sysstat nfs-utils git jq unzip`.split(/\s+/);

const DEB_BASE = `adduser apt apt-utils base-files base-passwd bash bash-completion bsdutils bzip2 ca-certificates cloud-init
coreutils cron curl dash dbus debconf debianutils diffutils dmidecode dpkg e2fsprogs ethtool fdisk findutils gawk gettext-base
gnupg gpgv grep groff-base gzip hostname init-system-helpers iproute2 iptables iputils-ping isc-dhcp-client kmod less libacl1
libapparmor1 libattr1 libaudit1 libblkid1 libbz2-1.0 libc-bin libc6 libcap-ng0 libcap2 libcom-err2 libcrypt1 libcurl4
libdb5.3 libdebconfclient0 libexpat1 libext2fs2 libffi8 libgcc-s1 libgcrypt20 libgmp10 libgnutls30 libgpg-error0
libgssapi-krb5-2 libhogweed6 libidn2-0 libk5crypto3 libkeyutils1 libkrb5-3 libkrb5support0 liblz4-1 liblzma5 libmount1
libncursesw6 libnettle8 libnghttp2-14 libp11-kit0 libpam-modules libpam-runtime libpam0g libpcre2-8-0 libpsl5 libreadline8
libseccomp2 libselinux1 libsemanage2 libsepol2 libsmartcols1 libsqlite3-0 libstdc++6 libsystemd0 libtasn1-6 libtinfo6 libudev1
libunistring2 libuuid1 libxml2 libxxhash0 libzstd1 login logrotate lsb-release lsof man-db mawk mount nano ncurses-base
ncurses-bin netbase netcat-openbsd openssh-client openssh-sftp-server passwd perl-base procps python3-minimal python3-yaml
python3-requests python3-urllib3 readline-common rsync rsyslog sed sensible-utils sudo systemd systemd-sysv systemd-timesyncd
sysvinit-utils tar tcpdump tzdata udev unattended-upgrades util-linux vim-common vim-tiny wget whiptail xz-utils zlib1g git jq
unzip strace sysstat htop chrony apparmor bind9-dnsutils bind9-libs cloud-guest-utils console-setup dirmngr distro-info-data
eject file gpg gpg-agent gpgconf gpgsm info install-info iso-codes keyboard-configuration kbd libsasl2-2 libgdbm6 libmagic1
libmpfr6 libnewt0.52 libpopt0 libslang2 libyaml-0-2 nfs-common pci.ids pciutils python3-apt xauth`.split(/\s+/);

/** Real versions of the packages operators search for, per distribution (software-catalog.md §3). */
const KNOWN: Readonly<Record<string, ReadonlyArray<LinuxPackage>>> = {
  al2023: [
    { name: 'openssl', version: '3.0.8', release: '1.amzn2023.0.11', epoch: '1' },
    { name: 'python3', version: '3.9.16', release: '1.amzn2023.0.9' },
    { name: 'bind-utils', version: '9.18.33', release: '1.amzn2023.0.2', epoch: '32' },
    { name: 'awscli-2', version: '2.15.30', release: '1.amzn2023.0.1', arch: 'noarch' },
    { name: 'kernel', version: '6.1.90', release: '99.173.amzn2023' },
    { name: 'kernel', version: '6.1.84', release: '99.169.amzn2023' },
    { name: 'gpg-pubkey', version: 'd832c631', release: '6515c85e', publisher: '(none)', arch: '(none)', group: 'Public Keys' },
  ],
  rhel8: [
    { name: 'openssl', version: '1.1.1k', release: '12.el8_9', epoch: '1' },
    { name: 'python3', version: '3.6.8', release: '56.el8_9' },
    { name: 'kernel', version: '4.18.0', release: '513.18.1.el8_9', group: 'System Environment/Kernel' },
    { name: 'kernel', version: '4.18.0', release: '477.27.1.el8_8', group: 'System Environment/Kernel' },
    { name: 'gpg-pubkey', version: 'fd431d51', release: '4ae0493b', publisher: '(none)', arch: '(none)', group: 'Public Keys' },
    { name: 'gpg-pubkey', version: 'd4082792', release: '5b32db75', publisher: '(none)', arch: '(none)', group: 'Public Keys' },
  ],
  rhel9: [
    { name: 'openssl', version: '3.0.7', release: '27.el9', epoch: '1' },
    { name: 'python3', version: '3.9.18', release: '3.el9' },
    { name: 'kernel', version: '5.14.0', release: '362.24.1.el9_3' },
    { name: 'kernel', version: '5.14.0', release: '284.30.1.el9_2' },
    { name: 'gpg-pubkey', version: 'fd431d51', release: '4ae0493b', publisher: '(none)', arch: '(none)', group: 'Public Keys' },
    { name: 'gpg-pubkey', version: '5a6340b3', release: '6229229e', publisher: '(none)', arch: '(none)', group: 'Public Keys' },
  ],
  sles15: [
    { name: 'openssl-3', version: '3.0.8', release: '150500.5.27.1' },
    { name: 'python3', version: '3.6.15', release: '150300.10.57.1' },
    { name: 'kernel-default', version: '5.14.21', release: '150500.55.52.1', group: 'System/Kernel' },
    { name: 'gpg-pubkey', version: '39db7c82', release: '5f68629b', publisher: '(none)', arch: '(none)', group: 'Public Keys' },
  ],
  ubuntu2204: [
    { name: 'openssl', version: '3.0.2-0ubuntu1.15', group: 'utils' },
    { name: 'openssh-server', version: '1:8.9p1-3ubuntu0.6', group: 'net' },
    { name: 'python3', version: '3.10.6-1~22.04', group: 'python' },
    { name: 'linux-image-6.5.0-1016-aws', version: '6.5.0-1016.16~22.04.1', group: 'kernel' },
    { name: 'linux-image-6.2.0-1017-aws', version: '6.2.0-1017.17~22.04.1', group: 'kernel' },
    { name: 'ubuntu-keyring', version: '2021.03.26', arch: 'all', group: 'misc' },
  ],
  ubuntu2404: [
    { name: 'openssl', version: '3.0.13-0ubuntu3.1', group: 'utils' },
    { name: 'openssh-server', version: '1:9.6p1-3ubuntu13', group: 'net' },
    { name: 'python3', version: '3.12.3-0ubuntu1', group: 'python' },
    { name: 'linux-image-6.8.0-1008-aws', version: '6.8.0-1008.8', group: 'kernel' },
    { name: 'ubuntu-keyring', version: '2023.11.28.1', arch: 'all', group: 'misc' },
  ],
  debian12: [
    { name: 'openssl', version: '3.0.11-1~deb12u2', group: 'utils', publisher: 'Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>' },
    { name: 'openssh-server', version: '1:9.2p1-2+deb12u2', group: 'net', publisher: 'Debian OpenSSH Maintainers <debian-ssh@lists.debian.org>' },
    { name: 'python3', version: '3.11.2-1+b1', group: 'python', publisher: 'Matthias Klose <doko@debian.org>' },
    { name: 'linux-image-6.1.0-18-cloud-amd64', version: '6.1.76-1', group: 'kernel', publisher: 'Debian Kernel Team <debian-kernel@lists.debian.org>' },
    { name: 'debian-archive-keyring', version: '2023.3+deb12u1', arch: 'all', group: 'misc' },
  ],
};

function synthetic(distro: LinuxDistro, name: string): LinuxPackage {
  const h = hashText(`${distro.key}/${name}`);
  const upstream = `${1 + (h % 4)}.${(h >>> 4) % 30}${(h >>> 9) % 3 === 0 ? '' : `.${(h >>> 12) % 12}`}`;
  if (distro.format === 'rpm') return { name, version: upstream, release: distro.release(h) };
  const epoch = (h >>> 20) % 11 === 0 ? '1:' : '';
  return { name, version: `${epoch}${upstream}-${distro.release(h)}` };
}

const baseCache = new Map<string, ReadonlyArray<InventoryRow>>();

/** Image build time of image `image` of a distribution, epoch milliseconds. */
export function imageBuildMs(distro: LinuxDistro, image: number): number {
  return Date.parse(`${distro.images[image % distro.images.length] ?? '2024-01-01'}T06:00:00Z`);
}

/** The rows every node launched from this image has; built once, frozen and shared. */
export function linuxBaseRows(distro: LinuxDistro, arch: string, image: number): ReadonlyArray<InventoryRow> {
  const key = `${distro.key}/${arch}/${image}`;
  const cached = baseCache.get(key);
  if (cached) return cached;
  const start = imageBuildMs(distro, image);
  const known = KNOWN[distro.key] ?? [];
  const knownNames = new Set(known.map((p) => p.name));
  const names = distro.format === 'rpm' ? RPM_BASE : DEB_BASE;
  const packages = [...known, ...names.filter((n) => !knownNames.has(n)).map((n) => synthetic(distro, n))];
  const rows = packages.map((pkg, i) => Object.freeze(linuxRow(distro, pkg, arch, start + i * 1000 + (hashText(pkg.name) % 900))));
  const frozen = Object.freeze(rows);
  baseCache.set(key, frozen);
  return frozen;
}
