# Check one boot's facts against expectations; print KTAP subtest lines.
# Input: the facts file (key=value). Variables: want (space-separated
# expectations), console (path of the console log), indent, status.
# Ends with "#counts P F" on the last line for the caller.
function val(k) { return (k in f) ? f[k] : "(none)" }
function num(s) { return s ~ /^-?[0-9]+$/ }
BEGIN { FS = "=" }
{
	k = $1; v = substr($0, length($1) + 2)
	if (k != "") f[k] = v
}
END {
	f["status"] = status
	for (k in f)
		if (k ~ /^after\./) {
			b = "before." substr(k, 7)
			if ((b in f) && num(f[k]) && num(f[b]))
				f["delta." substr(k, 7)] = f[k] - f[b]
		}
	n = split(want, e, " ")
	print indent "1.." n
	pass = fail = 0
	for (i = 1; i <= n; i++) {
		t = e[i]; ok = 0; got = ""
		if (match(t, /^log!?~/)) {
			neg = (substr(t, 4, 1) == "!")
			re = substr(t, neg ? 6 : 5)
			found = 0
			while ((getline line < console) > 0)
				if (line ~ re) { found = 1; got = line; break }
			close(console)
			ok = neg ? !found : found
			if (!found) got = "no match"
		} else if (match(t, /(!=|>=|<=|=)/)) {
			k = substr(t, 1, RSTART - 1); op = substr(t, RSTART, RLENGTH)
			w = substr(t, RSTART + RLENGTH); got = val(k)
			if (op == "=") ok = (got == w)
			else if (op == "!=") ok = (got != w)
			else if (op == ">=") ok = num(got) && got + 0 >= w + 0
			else if (op == "<=") ok = num(got) && got + 0 <= w + 0
			got = k "=" got
		} else {
			got = "malformed expectation"
		}
		if (ok) pass++; else fail++
		print indent (ok ? "ok " : "not ok ") i " " t (ok ? "" : " # got " got)
	}
	print "#counts " pass " " fail
}
