# Flatten scenarios/scenarios.conf into one line per scenario, fields separated by \037 (US):
# name about machine cmdline steps timeout vanilla series show debug debian
function flush() {
	if (name == "")
		return
	if (!(machine)) { print "error: scenario " name ": no machine" > "/dev/stderr"; exit 1 }
	if (series == "same") series = vanilla
	if (debian == "same") debian = vanilla
	printf "%s\037%s\037%s\037%s\037%s\037%s\037%s\037%s\037%s\037%s\037%s\n", name, about, machine, cmdline, steps,
		(tmo ? tmo : 240), vanilla, series, show, debug, debian
}
/^[ \t]*(#|$)/ { next }
{
	key = $1; val = $0
	sub(/^[^ \t]+[ \t]*/, "", val); sub(/[ \t]+$/, "", val)
}
key == "scenario" { flush(); name = val; about = machine = cmdline = steps = tmo = vanilla = series = show = debug = debian = ""; next }
key == "about"   { about = val; next }
key == "machine" { machine = val; next }
key == "cmdline" { cmdline = val; next }
key == "steps"   { steps = val; next }
key == "timeout" { tmo = val; next }
key == "vanilla" { vanilla = val; next }
key == "series"  { series = val; next }
key == "show"    { show = val; next }
key == "debug"   { debug = val; next }
key == "debian"  { debian = val; next }
{ print "error: scenarios.conf:" NR ": unknown key '" key "'" > "/dev/stderr"; exit 1 }
END { flush() }
