/** Which file names are videos: the ones a frames source decodes with ffmpeg, and the ones video.output writes. */

/** A video file's extension: a frames source given a file with one of these decodes it with ffmpeg. */
export const VIDEO_FILE = /\.(mp4|m4v|webm|mov|mkv|avi|gif|mpe?g|ogv|wmv|flv|ts|mts|m2ts|3gp)$/i;

/** The videos video.output writes (H.264 in MP4, VP9 in WebM). */
export const VIDEO_OUTPUT_FILE = /\.(mp4|webm)$/i;

/** The container video.output writes for `path` (by its extension), or undefined for another name. */
export function videoContainer(path: string): 'mp4' | 'webm' | undefined {
  const match = VIDEO_OUTPUT_FILE.exec(path);
  return match ? (match[1]!.toLowerCase() as 'mp4' | 'webm') : undefined;
}
