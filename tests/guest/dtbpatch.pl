#!/usr/bin/perl
# tests/guest/dtbpatch.pl - change a flattened device tree in place of
# `dtc`, which a build machine may lack: property values of the same
# length, and node names of the same length, found by path. Used by the
# guest tests to hand libuk a device tree with one odd node.
#
# dtbpatch.pl IN OUT EDIT...  where EDIT is one of
#   /node/path:prop=u32:N      a 4-byte value (decimal or 0x...)
#   /node/path:prop=str:TEXT   a string (NUL added) of the old length
#   /node/path=name:NEWNAME    rename the node (same length)
# Node paths use full names with unit addresses ("/cpus/cpu@1").
use strict;
use warnings;

my ($in, $out, @edits) = @ARGV;
die "usage: $0 IN OUT EDIT...\n" unless defined $out && @edits;
open(my $f, '<:raw', $in) or die "$in: $!\n";
my $b = do { local $/; <$f> };
close $f;
die "$in: not a device tree\n" unless unpack('N', $b) == 0xd00dfeed;
my ($ost, $ostr) = (unpack('N', substr($b, 8, 4)), unpack('N', substr($b, 12, 4)));
my $sst = unpack('N', substr($b, 36, 4));

# Every node's path => offset of its name; every property's
# "path:name" => [offset of its value, length].
my (%node, %prop, @path);
for (my $p = $ost; $p < $ost + $sst;) {
	my $t = unpack('N', substr($b, $p, 4));
	if ($t == 1) {
		my $e = index($b, "\0", $p + 4);
		push @path, substr($b, $p + 4, $e - $p - 4);
		my $path = @path == 1 ? '/' : join('/', @path);
		$node{$path} = $p + 4;
		$p = ($e + 4) & ~3;
	} elsif ($t == 3) {
		my ($len, $no) = unpack('NN', substr($b, $p + 4, 8));
		my $name = substr($b, $ostr + $no, index($b, "\0", $ostr + $no) - $ostr - $no);
		my $path = @path == 1 ? '/' : join('/', @path);
		$prop{"$path:$name"} = [$p + 12, $len];
		$p = ($p + 12 + $len + 3) & ~3;
	} elsif ($t == 2) {
		pop @path;
		$p += 4;
	} elsif ($t == 4) {
		$p += 4;
	} else {
		last;
	}
}

for my $e (@edits) {
	if ($e =~ m{^(/[^:=]*)=name:(.+)$}) {
		my $at = $node{$1} // die "no node $1\n";
		my $old = substr($b, $at, index($b, "\0", $at) - $at);
		die "$1: new name must have " . length($old) . " bytes\n"
			unless length($2) == length($old);
		substr($b, $at, length($2)) = $2;
	} elsif ($e =~ m{^(/[^:]*):([^=]+)=(u32|str):(.*)$}) {
		my ($path, $name, $type, $val) = ($1, $2, $3, $4);
		my $pr = $prop{"$path:$name"} // die "no property $name in $path\n";
		my $v = $type eq 'str' ? "$val\0" : pack('N', $val =~ /^0x/ ? hex($val) : $val);
		die "$path:$name: value must have $pr->[1] bytes\n" unless length($v) == $pr->[1];
		substr($b, $pr->[0], $pr->[1]) = $v;
	} else {
		die "bad edit '$e'\n";
	}
}
open(my $o, '>:raw', $out) or die "$out: $!\n";
print $o $b;
close $o or die "$out: $!\n";
