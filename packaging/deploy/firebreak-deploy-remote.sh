#!/usr/bin/env bash
# The host side of firebreak-deploy: run over SSH as `bash -s -- COMMAND ...` with this file on
# stdin. Not meant to be run by hand. Every line it prints goes to the operator as is.
#
#   probe   PREFIX SERVICE RELEASE                  prints "present" or "absent"
#   deploy  PREFIX ETC SERVICE RELEASE MODE HEALTH_URL TIMEOUT KEEP
#
# Layout on the host (PREFIX defaults to /opt/firebreak, ETC to /etc/firebreak):
#   PREFIX/SERVICE/releases/RELEASE/   one unpacked archive per release (name-version-sha)
#   PREFIX/SERVICE/current             symlink to the running release, switched atomically
#   PREFIX/SERVICE/incoming/           what firebreak-deploy uploaded (archive, config)
#   PREFIX/SERVICE/run, log/           pid file and log of the supervisor mode (MODE=nohup)
#   ETC/agent.yaml, agent.env | node.env   configuration, kept across releases
# Exit status: 0 deployed or unchanged, 3 rolled back, 4 failed with nothing to roll back to,
# 2 bad input.
set -euo pipefail

say() { echo "$*"; }
fail() { echo "error: $*" >&2; exit "${2:-2}"; }

probe() {
    local prefix=$1 service=$2 release=$3
    if [ -f "$prefix/$service/releases/$release/VERSION" ]; then echo present; else echo absent; fi
}

# --- the service, under systemd or under nohup with a pid file --------------------------------

unit_name() { echo "firebreak-$service.service"; }

# The release's unit with its paths moved to this host's PREFIX and ETC.
rendered_unit() {
    sed -e "s|/opt/firebreak|$prefix|g" -e "s|/etc/firebreak|$etc|g" \
        "$service_dir/current/systemd/firebreak-$service.service"
}

is_running() {
    if [ "$mode" = systemd ]; then
        systemctl is-active --quiet "$(unit_name)"
    else
        [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
    fi
}

stop_service() {
    if [ "$mode" = systemd ]; then
        systemctl stop "$(unit_name)" || true
        return
    fi
    [ -f "$pid_file" ] || return 0
    local pid
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "pid $pid did not stop within 30 s of SIGTERM: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pid_file"
}

# Exports of an EnvironmentFile, read as systemd reads it: KEY=VALUE lines, the value taken
# whole (spaces included), one pair of surrounding quotes removed, # and ; lines ignored.
environment_exports() {
    local line key value
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line#"${line%%[![:space:]]*}"}
        case $line in '' | '#'* | ';'*) continue ;; esac
        key=${line%%=*}
        value=${line#*=}
        [[ $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || { echo "error: $1: not KEY=VALUE: $line" >&2; return 2; }
        if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then value=${BASH_REMATCH[1]}; fi
        printf 'export %s=%q\n' "$key" "$value"
    done <"$1"
}

# Supervisor mode runs what the unit runs: its Environment= and EnvironmentFile= lines, then its
# ExecStart, as the SSH user, detached, output appended to the log.
start_service() {
    if [ "$mode" = systemd ]; then
        systemctl enable --quiet "$(unit_name)"
        systemctl restart "$(unit_name)"
        return
    fi
    local unit line file script=""
    unit=$(rendered_unit)
    while IFS= read -r line; do
        case $line in
            Environment=*)
                line=${line#Environment=}
                script+="export ${line%%=*}=$(printf '%q' "${line#*=}")"$'\n'
                ;;
            EnvironmentFile=-*)
                file=${line#EnvironmentFile=-}
                if [ -f "$file" ]; then script+=$(environment_exports "$file")$'\n'; fi
                ;;
            EnvironmentFile=*)
                file=${line#EnvironmentFile=}
                [ -f "$file" ] || fail "$file does not exist (EnvironmentFile of $(unit_name))"
                script+=$(environment_exports "$file")$'\n'
                ;;
        esac
    done <<<"$unit"
    # ExecStart's $VAR words are split on spaces, as systemd does for unbraced variables.
    script+="exec $(sed -n 's/^ExecStart=//p' <<<"$unit")"
    mkdir -p "$(dirname "$pid_file")" "$(dirname "$log_file")"
    echo "--- $(date -u +%FT%TZ) starting $(readlink "$service_dir/current")" >>"$log_file"
    nohup setsid bash -c "$script" >>"$log_file" 2>&1 </dev/null &
    echo $! >"$pid_file"
}

healthy_once() {
    if command -v curl >/dev/null; then
        curl -fsS --max-time 2 -o /dev/null "$health_url" 2>/dev/null
    else
        wget -q -T 2 -O /dev/null "$health_url" 2>/dev/null
    fi
}

# Waits for the health endpoint; gives up early when the process is gone (and says so in
# $unhealthy, which the caller prints).
wait_healthy() {
    local deadline=$((SECONDS + timeout))
    unhealthy="no answer from $health_url within ${timeout}s"
    while [ $SECONDS -lt $deadline ]; do
        if healthy_once; then return 0; fi
        if ! is_running; then
            sleep 1
            if ! is_running; then
                unhealthy="it exited before answering $health_url"
                return 1
            fi
        fi
        sleep 1
    done
    return 1
}

recent_log() {
    if [ "$mode" = systemd ]; then
        journalctl -u "$(unit_name)" -n 5 --no-pager -o cat 2>/dev/null || true
    else
        tail -n 5 "$log_file" 2>/dev/null || true
    fi
}

switch_current() {
    ln -sfn "releases/$1" "$service_dir/current.new"
    mv -T "$service_dir/current.new" "$service_dir/current"
}

# --- deploy -----------------------------------------------------------------------------------

install_if_changed() {
    local source=$1 target=$2 mode=$3 what=$4
    if [ -f "$target" ] && cmp -s "$source" "$target"; then
        return 1
    fi
    [ -f "$target" ] && cp -p "$target" "$target.previous"
    install -m "$mode" "$source" "$target"
    if [ "$mode" = 0640 ] && [ "$(id -u)" -eq 0 ] && getent group firebreak >/dev/null; then
        chgrp firebreak "$target"
    fi
    changes+=("$what")
    return 0
}

deploy() {
    prefix=$1 etc=$2 service=$3 release=$4 mode=$5 health_url=$6 timeout=$7 keep=$8
    case $service in agent | node) ;; *) fail "service must be agent or node, got '$service'" ;; esac
    case $mode in systemd | nohup) ;; *) fail "mode must be systemd or nohup, got '$mode'" ;; esac
    service_dir=$prefix/$service
    pid_file=$service_dir/run/firebreak-$service.pid
    log_file=$service_dir/log/firebreak-$service.log
    local incoming=$service_dir/incoming
    changes=()
    if [ "$mode" = systemd ]; then
        command -v systemctl >/dev/null || fail "systemctl not found on $(hostname): use --no-systemd"
    fi
    mkdir -p "$service_dir/releases" "$etc"

    # 1. The release, unpacked once.
    if [ ! -f "$service_dir/releases/$release/VERSION" ]; then
        local archive=$incoming/$release.tar.gz unpack
        [ -f "$archive" ] || fail "$archive was not uploaded"
        unpack=$(mktemp -d "$service_dir/releases/.unpack.XXXXXX")
        tar -xzf "$archive" -C "$unpack"
        local top
        top=$(ls "$unpack")
        [ "$(wc -l <<<"$top")" -eq 1 ] && [ -f "$unpack/$top/VERSION" ] && [ -x "$unpack/$top/bin/firebreak-$service" ] \
            || { rm -rf "$unpack"; fail "$archive is not a firebreak-$service server archive (no $top/bin/firebreak-$service)"; }
        rm -rf "$service_dir/releases/$release"
        mv "$unpack/$top" "$service_dir/releases/$release"
        rmdir "$unpack"
        changes+=("unpacked $release")
    fi
    rm -f "$incoming/$release.tar.gz"

    # 2. Configuration: the uploaded one replaces the host's when it differs.
    local config_name
    if [ "$service" = agent ]; then config_name=agent.yaml; else config_name=node.env; fi
    if [ -f "$incoming/config" ]; then
        install_if_changed "$incoming/config" "$etc/$config_name" 0640 "configuration $etc/$config_name updated" || true
        rm -f "$incoming/config"
    fi
    if [ -f "$incoming/env" ]; then
        install_if_changed "$incoming/env" "$etc/$service.env" 0640 "environment $etc/$service.env updated" || true
        rm -f "$incoming/env"
    fi
    [ -f "$etc/$config_name" ] || fail "$etc/$config_name does not exist on the host: pass --config"

    # 3. The current release.
    local previous=""
    if [ -L "$service_dir/current" ]; then
        previous=$(basename "$(readlink "$service_dir/current")")
    fi
    if [ "$previous" != "$release" ]; then
        switch_current "$release"
        changes+=("current: ${previous:-none} -> $release")
    fi

    # 4. Under systemd: the user and the unit.
    if [ "$mode" = systemd ]; then
        local rendered
        rendered=$(mktemp)
        install -d /etc/sysusers.d
        if install_if_changed "$service_dir/current/systemd/firebreak.sysusers" /etc/sysusers.d/firebreak.conf 0644 \
            "user firebreak (sysusers.d)"; then
            systemd-sysusers /etc/sysusers.d/firebreak.conf
        fi
        chgrp firebreak "$etc" "$etc/$config_name" && chmod 0750 "$etc"
        rendered_unit >"$rendered"
        if install_if_changed "$rendered" "/etc/systemd/system/$(unit_name)" 0644 "unit $(unit_name) installed"; then
            systemctl daemon-reload
        fi
        rm -f "$rendered"
    fi

    # 5. Nothing changed and the service answers: leave it alone.
    if [ ${#changes[@]} -eq 0 ] && is_running && healthy_once; then
        say "no change: $release is current, running and healthy ($health_url)"
        return 0
    fi
    if [ ${#changes[@]} -eq 0 ]; then
        changes+=("restarted: it was not running or not healthy")
    fi
    for change in "${changes[@]}"; do say "$change"; done

    # 6. (Re)start and check health; roll back when the new release does not come up.
    stop_service
    start_service
    say "started $release ($mode), waiting up to ${timeout}s for $health_url"
    if wait_healthy; then
        say "healthy: $release answers $health_url"
        prune "$release" "$previous"
        return 0
    fi
    say "NOT healthy: $release: $unhealthy; its last log lines:"
    recent_log | sed 's/^/    /'
    if [ -z "$previous" ] || [ "$previous" = "$release" ] || [ ! -d "$service_dir/releases/$previous" ]; then
        stop_service
        say "failed: no previous release to roll back to; $service stopped"
        exit 4
    fi
    stop_service
    switch_current "$previous"
    if [ "$mode" = systemd ]; then
        rendered_unit >"/etc/systemd/system/$(unit_name)"   # the previous release's own unit
        systemctl daemon-reload
    fi
    for name in $config_name $service.env; do
        if [ -f "$etc/$name.previous" ] && [[ " ${changes[*]} " == *" $etc/$name updated"* ]]; then
            mv "$etc/$name.previous" "$etc/$name"
            say "restored the previous $etc/$name"
        fi
    done
    start_service
    if wait_healthy; then
        say "rolled back to $previous: healthy again at $health_url"
    else
        say "rolled back to $previous, but it is NOT healthy either ($unhealthy); last log lines:"
        recent_log | sed 's/^/    /'
    fi
    exit 3
}

# Keeps the newest KEEP releases, never the current or the previous one.
prune() {
    local current=$1 previous=$2 name
    local -a releases
    mapfile -t releases < <(ls -1t "$service_dir/releases")
    local kept=0
    for name in "${releases[@]}"; do
        if [ "$name" = "$current" ] || [ "$name" = "$previous" ] || [ $kept -lt "$keep" ]; then
            kept=$((kept + 1))
            continue
        fi
        rm -rf "${service_dir:?}/releases/$name"
        say "removed old release $name"
    done
}

command=${1:-}
shift || true
case $command in
    probe) probe "$@" ;;
    deploy) deploy "$@" ;;
    *) fail "unknown command '$command' (probe or deploy)" ;;
esac
