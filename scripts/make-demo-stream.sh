#!/usr/bin/env bash
# Makes the demo room's stream: 8 s of a colourful test pattern with "Livecart 直播演示" and a
# running clock, 640×360 at 15 fps, low bitrate, cut into 2 s HLS segments (and a poster frame).
# Segments are named .m2ts (served as video/mp2t): a .ts file would be taken for TypeScript.
# The output is committed under public/demo-stream/, so neither CI nor `npm run demo` needs
# ffmpeg; run this again only to change the clip. Needs Debian's ffmpeg and a CJK font:
#   apt-get install -y ffmpeg fonts-wqy-microhei
set -euo pipefail
cd "$(dirname "$0")/.."
out=public/demo-stream
font=${FONT:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}
[ -f "$font" ] || { echo "no CJK font at $font (apt-get install fonts-wqy-microhei, or FONT=…)" >&2; exit 1; }
rm -rf "$out" && mkdir -p "$out"

seconds=8
fps=15
text="drawtext=fontfile=$font:text='Livecart 直播演示':fontsize=40:fontcolor=white:borderw=3:bordercolor=black@0.7:x=(w-tw)/2:y=h*0.18"
clock="drawtext=fontfile=$font:text='%{pts\\:hms}':fontsize=22:fontcolor=white:box=1:boxcolor=black@0.5:boxborderw=6:x=(w-tw)/2:y=h*0.78"

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=640x360:rate=$fps:duration=$seconds" \
  -f lavfi -i "sine=frequency=330:sample_rate=44100:duration=$seconds,volume=0.15" \
  -vf "$text,$clock,format=yuv420p" \
  -c:v libx264 -profile:v main -preset veryslow -tune animation -b:v 240k -maxrate 300k -bufsize 600k \
  -g $((fps * 2)) -keyint_min $((fps * 2)) -sc_threshold 0 \
  -c:a aac -b:a 32k -ac 1 \
  -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_filename "$out/seg-%02d.m2ts" "$out/index.m3u8"

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=640x360:rate=$fps:duration=1" -vf "$text,format=yuvj420p" -frames:v 1 -q:v 6 "$out/poster.jpg"

du -cb "$out"/* | tail -1
