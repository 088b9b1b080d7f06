#!/bin/sh
# The deb's post-install script, in place of electron-builder's default (which links
# /usr/bin/${executable} to the desktop binary): /usr/bin/switchboard is the command line.
# electron-builder fills in ${sanitizedProductName} and ${executable} from electron-builder.yml.
set -e
ln -sf '/opt/${sanitizedProductName}/resources/bin/switchboard' /usr/bin/switchboard

# Chromium's sandbox needs unprivileged user namespaces; where there are none, its setuid helper.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
else
  chmod 4755 '/opt/${sanitizedProductName}/chrome-sandbox' || true
fi

# Ubuntu 24.04 and later restrict user namespaces through AppArmor: load the profile electron-builder
# ships in resources/ that lets this app's sandbox use them, where this AppArmor understands it.
profile='/opt/${sanitizedProductName}/resources/apparmor-profile'
if command -v apparmor_parser >/dev/null 2>&1 && apparmor_status --enabled >/dev/null 2>&1 &&
  apparmor_parser --skip-kernel-load --debug "$profile" >/dev/null 2>&1; then
  cp -f "$profile" '/etc/apparmor.d/${executable}'
  if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
    apparmor_parser --replace --write-cache --skip-read-cache '/etc/apparmor.d/${executable}' || true
  fi
fi

if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
