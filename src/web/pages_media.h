/* Page and API handlers of media (routes in web/routes_media.inc). */
#ifndef CAMPUS_PAGES_MEDIA_H
#define CAMPUS_PAGES_MEDIA_H

#include "web/app.h"

/* page_video.c */
void video_page(struct req *r);
void video_stream(struct req *r);
void video_download_link_post(struct req *r);
void video_download(struct req *r);
/* page_admin_premium.c */
void admin_premium_page(struct req *r);
void admin_premium_post(struct req *r);
/* api_media.c */
void video_download_link_api(struct req *r);
void premium_grants_api_list(struct req *r);
void premium_grants_api_create(struct req *r);
void premium_grants_api_delete(struct req *r);

#endif
