"""Runs a command on a pseudo-terminal, as a user at a shell would, waits until its output shows WAIT_FOR (COUNT
times), types Ctrl-C, and prints the exit status. A command that does not end within 60 s after Ctrl-C is killed
(SIGKILL) and reported as such.

usage: ctrl-c.py DIR WAIT_FOR COUNT COMMAND...
"""
import os
import pty
import select
import signal
import sys
import time

directory, wait_for, count, command = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3]), sys.argv[4:]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(directory)
    os.execvp(command[0], command)

output = b''


def read_some(timeout):
    global output
    ready, _, _ = select.select([fd], [], [], timeout)
    if ready:
        try:
            output += os.read(fd, 65536)
        except OSError:
            return False
    return True


deadline = time.time() + 60
while output.count(wait_for) < count and time.time() < deadline:
    if not read_some(0.2):
        break
seen = output.count(wait_for)
os.write(fd, b'\x03')  # Ctrl-C: the terminal sends SIGINT to the foreground process
ended = None
deadline = time.time() + 60
while time.time() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        ended = os.waitstatus_to_exitcode(status)
        break
    read_some(0.2)
if ended is None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
print(f"seen {seen}")
print("exit " + ("killed after 60 s" if ended is None else str(ended)))
sys.stdout.write(output.decode(errors='replace'))
