import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { acceptInvitationPage, PAGE_CSP, passwordResetPage } from '../common/text/html-page';

/** Server-rendered pages that e-mail links and Microsoft's redirects land on. */
@ApiExcludeController()
@Controller()
export class PagesController {
  @Get('invitations/accept')
  @Access('public')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @Header('content-security-policy', PAGE_CSP)
  acceptInvitation() {
    return acceptInvitationPage();
  }

  @Get('password-reset')
  @Access('public')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @Header('content-security-policy', PAGE_CSP)
  passwordReset() {
    return passwordResetPage();
  }
}
