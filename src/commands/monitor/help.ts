import { monitorObjects } from '../../registry/registry.js';

/** The rtnetlink object words, from the registry in ipmonitor.c's order. */
const OBJECTS = monitorObjects()
  .map((o) => o.rtnl.monitor.word)
  .join(' | ');

export const MONITOR_HELP = `Usage: nlts monitor [ all | OBJECTS ] [ FILE ] [ OPTIONS ]
       nlts monitor proc [ --pid P ]... [ --comm NAME ] [ --events LIST ] [ OPTIONS ]
       nlts monitor uevent [ --subsystem S ]... [ --udev | --udev-only ] [ OPTIONS ]
       nlts monitor genl FAMILY[:GROUP]... [ --spec FILE ]... [ OPTIONS ]
OBJECTS := { ${OBJECTS} }...
FILE := file FILENAME   (messages saved back to back, as rtmon writes them)
OPTIONS := { -t | --timestamp | -ts | --tshort | --count N | --duration SECONDS |
             --rcvbuf BYTES | --no-resync | label }
LIST := fork,exec,exit,uid,gid,sid,comm,ptrace,coredump
With -j every event is one JSON object per line: {time, source, group, event, object}.
See nlts-monitor(8).
`;
