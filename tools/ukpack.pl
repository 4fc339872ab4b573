#!/usr/bin/perl
# ukpack - pack host directories into one cpio "newc" archive that libuk
# unpacks into the guest's root at boot (the initrd). ukrun uses it for its
# read-only directory shares (-d HOSTDIR:GUESTPATH:ro).
#
#   ukpack [--base ARCHIVE] [-o OUTPUT] HOSTDIR:GUESTPATH...
#
# Each HOSTDIR is walked (without following symbolic links) and its
# contents stored below GUESTPATH, with modes, owners and modification
# times; the parents of GUESTPATH are stored as directories (mode 0755).
# Regular files, directories and symbolic links are stored; hard links
# become separate copies; sockets, fifos and device nodes are skipped with
# a warning. --base ARCHIVE puts the members of an existing newc archive
# (its trailer removed) first. Only perl-base is needed.
#
# Exit status: 0, or 1 with a message for an unreadable directory or a base
# that is not a newc archive.
use strict;
use warnings;

my $prog = 'ukpack';
my ($base, $output);
my @shares;

sub usage {
	print <<"USAGE";
usage: $prog [--base ARCHIVE] [-o OUTPUT] HOSTDIR:GUESTPATH...
Pack host directories into a cpio newc archive (for a libuk initrd):
each HOSTDIR's contents are stored below GUESTPATH (an absolute path).
  --base ARCHIVE  start with the members of this newc archive
  -o OUTPUT       write to OUTPUT (default: standard output)
  -h, --help      show this help
USAGE
}

sub fail { print STDERR "$prog: $_[0]\n"; exit 1; }

while (@ARGV) {
	my $a = shift @ARGV;
	if ($a eq '-h' || $a eq '--help') { usage(); exit 0; }
	elsif ($a eq '--base') { $base = shift @ARGV; defined $base or fail('--base needs an archive'); }
	elsif ($a =~ /^--base=(.*)$/) { $base = $1; }
	elsif ($a eq '-o') { $output = shift @ARGV; defined $output or fail('-o needs a file'); }
	elsif ($a =~ /^-/) { print STDERR "$prog: unknown option '$a'\n"; usage(); exit 1; }
	else { push @shares, $a; }
}
@shares or fail('no HOSTDIR:GUESTPATH given (see --help)');

my $out = '';
my $ino = 1;
my %dirs_done;

sub pad4 { my $n = shift; return "\0" x ((4 - $n % 4) % 4); }

sub member {
	my ($name, $mode, $uid, $gid, $mtime, $nlink, $data) = @_;
	my $hdr = sprintf('070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x',
		$ino++, $mode, $uid, $gid, $nlink, $mtime & 0xffffffff,
		length($data), 0, 0, 0, 0, length($name) + 1, 0);
	my $m = $hdr . $name . "\0";
	$m .= pad4(length $m);
	$out .= $m . $data . pad4(length $data);
}

# The members of a newc archive up to (not including) its trailer.
sub base_members {
	my $file = shift;
	open(my $fh, '<:raw', $file) or fail("cannot read '$file': $!");
	local $/;
	my $buf = <$fh>;
	close $fh;
	my $off = 0;
	while (1) {
		my $magic = substr($buf, $off, 6);
		fail("'$file' is not a cpio newc archive (offset $off)")
			unless $magic eq '070701' || $magic eq '070702';
		my @f = map { hex } unpack('(A8)13', substr($buf, $off + 6, 104));
		my ($namesize, $filesize) = ($f[11], $f[6]);
		my $name = substr($buf, $off + 110, $namesize - 1);
		my $hlen = 110 + $namesize;
		$hlen += (4 - $hlen % 4) % 4;
		my $dlen = $filesize + (4 - $filesize % 4) % 4;
		last if $name eq 'TRAILER!!!';
		fail("'$file': member at offset $off runs past the end")
			if $off + $hlen + $filesize > length $buf;
		# Renumber the inode (hard links keep sharing one number).
		$f[0] += 1 << 30;
		$out .= sprintf('%s' . ('%08x' x 13), $magic, @f)
			. substr($buf, $off + 110, $hlen - 110 + $dlen);
		$off += $hlen + $dlen;
	}
}

sub read_file {
	my $path = shift;
	open(my $fh, '<:raw', $path) or fail("cannot read '$path': $!");
	local $/;
	my $data = <$fh>;
	close $fh;
	return defined $data ? $data : '';
}

# Stores the parents of GUESTPATH as directories; returns GUESTPATH as a
# member name (no leading slash; '' for the root).
sub parents {
	my @parts = grep { length } split m{/}, shift;
	for my $i (0 .. $#parts - 1) {
		my $p = join('/', @parts[0 .. $i]);
		member($p, 040755, 0, 0, time, 2, '') unless $dirs_done{$p}++;
	}
	return join('/', @parts);
}

sub walk {
	my ($host, $guest) = @_;
	my @st = lstat $host or fail("cannot stat '$host': $!");
	my ($mode, $uid, $gid, $mtime) = @st[2, 4, 5, 9];
	my $type = $mode & 0170000;
	if ($type == 0040000) {
		member($guest, $mode, $uid, $gid, $mtime, 2, '');
		opendir(my $dh, $host) or fail("cannot read directory '$host': $!");
		my @names = sort grep { $_ ne '.' && $_ ne '..' } readdir $dh;
		closedir $dh;
		walk("$host/$_", "$guest/$_") for @names;
	} elsif ($type == 0100000) {
		member($guest, $mode, $uid, $gid, $mtime, 1, read_file($host));
	} elsif ($type == 0120000) {
		my $target = readlink $host;
		defined $target or fail("cannot read link '$host': $!");
		member($guest, $mode, $uid, $gid, $mtime, 1, $target);
	} else {
		print STDERR "$prog: skipping '$host' (not a file, directory or symbolic link)\n";
	}
}

base_members($base) if defined $base;
for my $s (@shares) {
	my ($host, $guest) = $s =~ /^(.*):(\/[^:]*)$/
		or fail("'$s' is not HOSTDIR:GUESTPATH with an absolute GUESTPATH");
	-d $host or fail("'$host' is not a directory");
	my $name = parents($guest);
	if ($name eq '') {
		# Shared as the root itself: its entries go straight into /.
		opendir(my $dh, $host) or fail("cannot read directory '$host': $!");
		my @names = sort grep { $_ ne '.' && $_ ne '..' } readdir $dh;
		closedir $dh;
		walk("$host/$_", $_) for @names;
	} else {
		walk($host, $name);
	}
}
member('TRAILER!!!', 0, 0, 0, 0, 1, '');

if (defined $output) {
	open(my $fh, '>:raw', $output) or fail("cannot write '$output': $!");
	print $fh $out or fail("cannot write '$output': $!");
	close $fh or fail("cannot write '$output': $!");
} else {
	binmode STDOUT;
	print $out;
}
