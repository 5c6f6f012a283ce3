# Shared helpers for the workbench scripts (sourced, not run).
# Every stage prints what it does as "== stage: ..." and fails with one line.

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
BUILD=${BUILD:-$TOP/build}
LINUX=$BUILD/linux          # series tree (git: tag base = pristine, HEAD = series)
VANILLA=$BUILD/vanilla      # git worktree of LINUX at tag base

# Pinned kernel source: Debian's linux-source-6.12 package.
KVER_PKG=linux-source-6.12
KVER_PIN=6.12.118-1~deb12u1
KTAR_SHA256=c93391b6a4884e6428ffbfbb8ce6340229ad28dc421e9f19bc081740b1ab34b2

die()  { echo "error: $*" >&2; exit 1; }
warn() { echo "warning: $*" >&2; }
say()  { echo "== $*"; }

need() {
	local t
	for t in "$@"; do
		command -v "$t" >/dev/null 2>&1 ||
			die "missing tool '$t' (run 'make deps' or scripts/deps.sh)"
	done
}

# Fixed build identity so that ccache hits across trees and rebuilds.
export KBUILD_BUILD_USER=wb KBUILD_BUILD_HOST=wb
export KBUILD_BUILD_TIMESTAMP="2026-01-01 00:00:00"
export CCACHE_BASEDIR=$BUILD CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime
