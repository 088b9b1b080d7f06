#!/bin/sh
# The deb's post-remove script: undoes after-install.sh (on an upgrade the new post-install links again).
if [ "$(readlink /usr/bin/switchboard 2>/dev/null)" = '/opt/${sanitizedProductName}/resources/bin/switchboard' ]; then
  rm -f /usr/bin/switchboard
fi
if [ -f '/etc/apparmor.d/${executable}' ]; then
  if command -v apparmor_parser >/dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
    apparmor_parser --remove '/etc/apparmor.d/${executable}' >/dev/null 2>&1 || true
  fi
  rm -f '/etc/apparmor.d/${executable}'
fi
exit 0
