"""Every demo thread, grouped by space in the modules next to this one."""

from mundwerk.demo.content import Thread
from mundwerk.demo.topics import ebike, kaufberatung, laden, plauderecke, touren, werkstatt

THREADS: tuple[Thread, ...] = (
    laden.THREADS
    + werkstatt.THREADS
    + touren.THREADS
    + ebike.THREADS
    + kaufberatung.THREADS
    + plauderecke.THREADS
)
