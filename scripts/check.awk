# Check one boot's facts against expectations; print KTAP subtest lines.
# Input: the facts file (key=value). Variables: want (space-separated
# expectations), console (path of the console log), indent, status, and
# ref: the directory of the vanilla run of the same scenario, for
# "key=@vanilla" (the same value as vanilla's) and "logorder=@vanilla" (the
# boot log's memory landmarks in the same order as vanilla's).
# Ends with "#counts P F" on the last line for the caller.
function val(k) { return (k in f) ? f[k] : "(none)" }
function num(s) { return s ~ /^-?[0-9]+$/ }
function deltas(a,   k, b) {
	for (k in a)
		if (k ~ /^after\./) {
			b = "before." substr(k, 7)
			if ((b in a) && num(a[k]) && num(a[b]))
				a["delta." substr(k, 7)] = a[k] - a[b]
		}
}
# The order in which a boot log prints the memory setup landmarks.
function landmarks(file,   line, seq, re) {
	re = "Memory block size|Zone ranges|Movable zone start|Early memory node ranges|" \
	     "Initmem setup node|NODE_DATA|ACPI: SRAT: Node|sparse:|movable_node:|movablecore"
	seq = ""
	while ((getline line < file) > 0)
		if (line ~ re) {
			sub(/^\[[^]]*\] */, "", line)
			sub(/ \[mem.*/, "", line)
			sub(/[0-9]+.*/, "", line)
			if (line !~ /^(sparse|movable_node|movablecore)/)
				seq = seq "|" line
		}
	close(file)
	return seq
}
# The kernel image without its init sections (freed at boot): the
# "kernel code", rwdata, rodata and bss of the boot log's "Memory:" line,
# in kB. It is not in MemTotal, and the series' image may be a page or
# two larger than vanilla's.
function image_kb(file,   line, n, a, i, kb) {
	kb = ""
	while ((getline line < file) > 0)
		if (line ~ /Memory: .* kernel code/) {
			n = split(line, a, /[(,)]/)
			kb = 0
			for (i = 1; i <= n; i++)
				if (a[i] ~ /K (kernel code|rwdata|rodata|bss)$/)
					kb += a[i] + 0
			break
		}
	close(file)
	return kb
}
BEGIN { FS = "=" }
{
	k = $1; v = substr($0, length($1) + 2)
	if (k != "") f[k] = v
}
END {
	f["status"] = status
	if (ref != "") {
		while ((getline line < (ref "/facts")) > 0) {
			split(line, kv, "=")
			if (kv[1] != "") r[kv[1]] = substr(line, length(kv[1]) + 2)
		}
		close(ref "/facts")
		r["status"] = "(none)"
		if ((getline line < (ref "/status")) > 0) r["status"] = line
		close(ref "/status")
		deltas(r)
	}
	deltas(f)
	n = split(want, e, " ")
	print indent "1.." n
	pass = fail = 0
	for (i = 1; i <= n; i++) {
		t = e[i]; ok = 0; got = ""
		if (t == "logorder=@vanilla") {
			got = landmarks(console)
			w = ref != "" ? landmarks(ref "/console.log") : "(no vanilla run)"
			ok = got == w && got != ""
			got = got " vs vanilla " w
		} else if (match(t, /=@vanilla$/)) {
			k = substr(t, 1, RSTART - 1); got = val(k)
			w = (k in r) ? r[k] : "(no vanilla value)"
			adj = ""
			# node 0 holds the kernel image: compare its MemTotal as
			# if both images were the same size
			if (k ~ /(^|\.)node0\.memtotal_kb$/ && num(got) && num(w)) {
				d = image_kb(console) - image_kb(ref "/console.log")
				if (d != 0)
					adj = " (+" d " kB larger kernel image)"
				got += d
			}
			ok = got == w
			got = k "=" got adj " vs vanilla " w
		} else if (match(t, /^log!?~/)) {
			neg = (substr(t, 4, 1) == "!")
			re = substr(t, neg ? 6 : 5)
			found = 0
			while ((getline line < console) > 0)
				if (line ~ re) { found = 1; got = line; break }
			close(console)
			ok = neg ? !found : found
			if (!found) got = "no match"
		} else if (match(t, /^[^=<>!~]+~/)) {
			# key~REGEX: the value matches (e.g. status~^(ok|panic)$
			# where a kernel's outcome is a rate, not a fact)
			k = substr(t, 1, RLENGTH - 1); re = substr(t, RLENGTH + 1)
			got = val(k); ok = got ~ re
			got = k "=" got
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
